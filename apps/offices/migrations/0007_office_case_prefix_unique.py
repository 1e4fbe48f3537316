import django.core.validators
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("offices", "0006_office_case_prefix_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="office",
            name="case_prefix",
            field=models.CharField(
                error_messages={"unique": "Another office already uses this prefix."},
                help_text=(
                    "Capital letters in front of the tracking numbers of this office, for "
                    "example PRS in PRS-2026-00042. A new prefix applies to new cases only."
                ),
                max_length=12,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z][A-Z0-9]{1,11}$",
                        "Use 2 to 12 capital letters or digits, starting with a letter, "
                        "for example PRS.",
                    )
                ],
                verbose_name="tracking number prefix",
            ),
        ),
        migrations.AddConstraint(
            model_name="office",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("case_prefix", django.db.models.functions.text.Upper("case_prefix")),
                    models.Q(("case_prefix", ""), _negated=True),
                ),
                name="office_case_prefix_upper",
                violation_error_message="The prefix is written in capital letters.",
            ),
        ),
    ]
