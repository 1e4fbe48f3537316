"""The audit log cannot be edited or deleted through the application: not in the Django admin
(not even by a superuser), not through the model or its queryset, and on PostgreSQL not even
with raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from apps.offices.audit import audit_record
from apps.offices.models import AuditLog
from tests_support.factories import UserFactory


@pytest.fixture
def entry(office, users):
    return audit_record(
        actor=users["sekcam"],
        office=office,
        action="offices.office.updated",
        target=office,
        old={"phone": ""},
        new={"phone": "0526 1"},
    )


@pytest.mark.django_db
def test_a_superuser_reads_the_audit_log_in_the_admin_but_can_neither_add_change_nor_delete(
    client, entry
):
    admin = UserFactory(username="root-admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    base = "/django-admin/offices/auditlog/"
    listing = client.get(base)
    assert listing.status_code == 200 and b"offices.office.updated" in listing.content
    assert client.get(f"{base}add/").status_code == 403
    detail = client.get(f"{base}{entry.pk}/change/")
    assert detail.status_code == 200 and b'name="_save"' not in detail.content
    assert client.post(f"{base}{entry.pk}/change/", {"action": "tampered"}).status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert bulk.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.action == "offices.office.updated"
    assert AuditLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_the_model_refuses_to_save_an_existing_entry_again_or_delete_it(entry):
    entry.new = {"phone": "forged"}
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=entry.pk).update(new={})
    with pytest.raises(TypeError):
        AuditLog.objects.all().delete()
    entry.refresh_from_db()
    assert entry.new == {"phone": "0526 1"}


@pytest.mark.django_db
def test_on_postgresql_the_database_refuses_update_and_delete_of_an_audit_entry(entry):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    for sql in (
        "UPDATE offices_auditlog SET action = 'tampered' WHERE id = %s",
        "DELETE FROM offices_auditlog WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT action FROM offices_auditlog WHERE id = %s", [entry.pk])
        assert cursor.fetchone() == ("offices.office.updated",)
    # Appending still works.
    audit_record(
        actor=None, office=entry.office, action="offices.office.viewed", target=entry.office
    )
