"""Erasing a person: their name, username, e-mail, phone and password go, their access ends,
and the history still points to the same account, with the erasure itself audited."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.models import User
from apps.accounts.privacy import erased_name, person_erase
from apps.api.models import ApiToken
from apps.api.services import api_token_create
from apps.cases import services as cases
from apps.core.errors import DomainError, NotAllowed
from apps.notifications.services import email_queue
from apps.offices.models import AuditLog
from tests_support.factories import membership_of


def _case_of(username):
    official = membership_of(username)
    return cases.case_submit(
        acting=official,
        category=official.office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Jalan desa rusak",
        description="Uraian.",
    ).case


@pytest.mark.django_db
def test_an_erased_person_is_anonymous_locked_out_and_the_trail_still_points_to_them(client):
    person = User.objects.get(username="desa-inan")
    person.email, person.phone = "inan@desa.example.id", "081234567890"
    person.save()
    old_name = person.full_name
    case = _case_of("desa-inan")
    cases.comment_add(acting=membership_of("desa-inan"), case=case, body="Mohon dibantu.")
    email_queue(to=person.email, subject="Uji", body="Isi", dedupe="privacy:1")
    _token, raw = api_token_create(user=person, name="ponsel")
    client.force_login(person)
    assert client.get("/beranda/").status_code == 200
    trail = AuditLog.objects.filter(actor=person).count()
    assert trail > 0

    facts = person_erase(acting=membership_of("camat"), user=person)

    person.refresh_from_db()
    assert person.username == f"terhapus-{person.pk}"
    assert person.full_name == erased_name(person.pk) and str(person) == erased_name(person.pk)
    assert (person.email, person.phone, person.is_active) == ("", "", False)
    assert not person.has_usable_password()
    assert not person.memberships.filter(is_active=True).exists()
    assert facts["sessions_ended"] == 1 and facts["api_tokens_revoked"] == 1
    assert facts["outbox_mail_removed"] == 1
    # Access is gone: the session, the API token.
    assert client.get("/beranda/").status_code == 302
    api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 401
    assert not ApiToken.objects.filter(user=person, revoked_at__isnull=True).exists()
    # The history still points to the same account, now anonymous.
    assert AuditLog.objects.filter(actor=person).count() == trail
    case.refresh_from_db()
    assert case.submitted_by_id == person.pk
    entry = AuditLog.objects.get(action="accounts.user.erased")
    assert entry.actor.username == "camat" and entry.target_id == str(person.pk)
    written = json.dumps([entry.old, entry.new, entry.target_repr])
    for value in ("desa-inan", "inan@desa.example.id", "081234567890", old_name):
        assert value not in written
    # Erasing again removes nothing more and writes nothing more.
    assert person_erase(acting=membership_of("camat"), user=person) == {}
    assert AuditLog.objects.filter(action="accounts.user.erased").count() == 1


@pytest.mark.django_db
def test_only_an_admin_of_the_persons_office_erases_and_never_themselves(other_office):
    person = User.objects.get(username="desa-inan")
    with pytest.raises(NotAllowed):
        person_erase(acting=membership_of("pmd"), user=person)
    with pytest.raises(NotAllowed):
        person_erase(acting=membership_of("desa-bungin"), user=person)
    outsider = other_office.memberships.filter(role="camat").first()
    with pytest.raises(NotAllowed):
        person_erase(acting=outsider, user=person)
    camat = membership_of("camat")
    with pytest.raises((DomainError, NotAllowed)):
        person_erase(acting=camat, user=camat.user)
    person.refresh_from_db()
    assert person.username == "desa-inan" and person.is_active


@pytest.mark.django_db
def test_the_command_erases_only_when_told_yes():
    with pytest.raises(CommandError, match="--yes"):
        call_command("erase_person", "desa-bungin")
    assert User.objects.filter(username="desa-bungin").exists()
    call_command("erase_person", "desa-bungin", "--yes", verbosity=0)
    assert not User.objects.filter(username="desa-bungin").exists()
    entry = AuditLog.objects.get(action="accounts.user.erased")
    assert entry.actor is None
