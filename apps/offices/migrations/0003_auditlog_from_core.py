# The audit log moves from `core` to `offices` (core holds no domain model). The table is
# kept as it is here; the next migration gives it the offices name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import apps.core.clock


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0002_office_auto_close_days_office_reopen_days_holiday_and_more"),
        ("core", "0002_audit_time_default"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(db_index=True, default=apps.core.clock.now, verbose_name="time")),
                        ("action", models.CharField(max_length=100, verbose_name="action")),
                        ("target_type", models.CharField(max_length=100, verbose_name="target type")),
                        ("target_id", models.CharField(max_length=64, verbose_name="target id")),
                        ("target_repr", models.CharField(max_length=255, verbose_name="target")),
                        ("old", models.JSONField(blank=True, default=dict, verbose_name="old values")),
                        ("new", models.JSONField(blank=True, default=dict, verbose_name="new values")),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="actor")),
                        ("office", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="offices.office", verbose_name="office")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "core_auditlog",
                        "indexes": [
                            models.Index(fields=["target_type", "target_id", "created_at"], name="core_auditl_target__353a4f_idx"),
                            models.Index(fields=["office", "created_at"], name="core_auditl_office__f8ac17_idx"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
