"""The follow-ups of cases move here from the cases app: each keeps its id (so the case
history, which the audit log keeps under the old target type and the same ids, still finds
it), and the evidence attachments of a follow-up become its `Evidence` (same token, same
stored file). The cases app then drops its table (cases 0005)."""

from django.core.management.color import no_style
from django.db import migrations

BATCH = 500


def _reset_sequences(schema_editor, *models):
    # Rows inserted with their ids leave PostgreSQL's sequence behind; SQLite needs nothing.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    OldFollowUp = apps.get_model("cases", "FollowUp")
    Attachment = apps.get_model("cases", "Attachment")
    FollowUp = apps.get_model("follow_ups", "FollowUp")
    Evidence = apps.get_model("follow_ups", "Evidence")

    batch = []
    for old in OldFollowUp.objects.select_related("case").order_by("pk").iterator():
        done = old.status == "selesai"
        batch.append(
            FollowUp(
                pk=old.pk,
                office_id=old.case.office_id,
                source_type="case",
                source_id=str(old.case_id),
                village_id=old.case.village_id,
                action=old.action,
                owner_kind=old.owner_kind,
                owner_section_id=old.owner_section_id,
                owner_agency_id=old.owner_agency_id,
                # "The village" of a case's follow-up was the case's village.
                owner_village_id=old.case.village_id if old.owner_kind == "desa" else None,
                due_date=old.due_date,
                status=old.status,
                completion_note=old.completion_note,
                completed_at=(old.completed_at or old.created_at) if done else None,
                completed_by_id=old.completed_by_id,
                created_at=old.created_at,
            )
        )
        if len(batch) >= BATCH:
            FollowUp.objects.bulk_create(batch)
            batch = []
    FollowUp.objects.bulk_create(batch)

    evidence = Attachment.objects.filter(follow_up__isnull=False).order_by("pk")
    batch = []
    for attachment in evidence.iterator():
        batch.append(
            Evidence(
                follow_up_id=attachment.follow_up_id,
                token=attachment.token,
                file=attachment.file.name,  # the stored file stays where it is
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
                uploaded_by_id=attachment.uploaded_by_id,
                uploaded_at=attachment.uploaded_at,
            )
        )
        if len(batch) >= BATCH:
            Evidence.objects.bulk_create(batch)
            batch = []
    Evidence.objects.bulk_create(batch)
    evidence.delete()
    _reset_sequences(schema_editor, FollowUp)


def backwards(apps, schema_editor):
    """Back to the cases app: the case follow-ups and their evidence (a meeting's action
    items have no place there and are dropped with this app's tables)."""
    OldFollowUp = apps.get_model("cases", "FollowUp")
    Attachment = apps.get_model("cases", "Attachment")
    FollowUp = apps.get_model("follow_ups", "FollowUp")
    Evidence = apps.get_model("follow_ups", "Evidence")

    items = FollowUp.objects.filter(source_type="case").order_by("pk")
    OldFollowUp.objects.bulk_create(
        [
            OldFollowUp(
                pk=item.pk,
                case_id=int(item.source_id),
                action=item.action,
                owner_kind=item.owner_kind,
                owner_section_id=item.owner_section_id,
                owner_agency_id=item.owner_agency_id,
                due_date=item.due_date,
                status=item.status,
                completion_note=item.completion_note,
                completed_at=item.completed_at,
                completed_by_id=item.completed_by_id,
                created_at=item.created_at,
            )
            for item in items.iterator()
        ],
        batch_size=BATCH,
    )
    cases_of = dict(items.values_list("pk", "source_id"))
    Attachment.objects.bulk_create(
        [
            Attachment(
                case_id=int(cases_of[evidence.follow_up_id]),
                follow_up_id=evidence.follow_up_id,
                purpose="evidence",
                token=evidence.token,
                file=evidence.file.name,
                original_name=evidence.original_name,
                content_type=evidence.content_type,
                size=evidence.size,
                uploaded_by_id=evidence.uploaded_by_id,
                uploaded_at=evidence.uploaded_at,
            )
            for evidence in Evidence.objects.filter(follow_up_id__in=cases_of).iterator()
        ],
        batch_size=BATCH,
    )
    Evidence.objects.all().delete()
    FollowUp.objects.all().delete()
    _reset_sequences(schema_editor, OldFollowUp)


class Migration(migrations.Migration):
    dependencies = [
        ("follow_ups", "0001_initial"),
        ("cases", "0004_tracking_numbers_unique_installation"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
