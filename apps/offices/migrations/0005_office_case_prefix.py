# The tracking-number prefix of each office: added empty, filled by 0004, made unique by 0005
# (three steps, so PostgreSQL never changes the table with the fill's writes pending).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("offices", "0004_auditlog_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="case_prefix",
            field=models.CharField(default="", max_length=12, verbose_name="tracking number prefix"),
            preserve_default=False,
        ),
    ]
