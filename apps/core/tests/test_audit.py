import pytest

from apps.offices.audit import audit_record, audit_trail_for
from apps.offices.models import AuditLog


@pytest.mark.django_db
def test_audit_entries_can_be_neither_changed_nor_deleted(office, users):
    entry = audit_record(
        actor=users["sekcam"],
        office=office,
        action="offices.office.updated",
        target=office,
        old={"phone": ""},
        new={"phone": "0526 1"},
    )
    entry.action = "tampered"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.action == "offices.office.updated"
    assert list(audit_trail_for(office))[-1] == entry


@pytest.mark.django_db
def test_master_data_setup_and_demo_accounts_are_audited(office):
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "offices.office.created",
        "offices.section.created",
        "offices.category.created",
        "offices.agency.created",
        "offices.village.created",
        "accounts.user.created",
        "accounts.membership.created",
    } <= actions
