# The audit log now belongs to `offices` (see offices 0003): core forgets it, the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_time_default"),
        ("offices", "0003_auditlog_from_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditLog")],
            database_operations=[],
        ),
    ]
