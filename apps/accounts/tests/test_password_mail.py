"""Password mails take the one mail path (the outbox) and the reset form cannot flood an
inbox (issue 7, items 3 and 7)."""

import pytest
from django.urls import reverse

from apps.notifications.models import OutboxEmail, OutboxStatus
from apps.notifications.services import outbox_deliver


@pytest.mark.django_db
def test_a_reset_mail_waits_in_the_outbox_while_smtp_is_down_then_leaves_once(
    client, users, settings, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()  # the mail server is down when the person asks
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": users["camat"].email})
    mail = OutboxEmail.objects.get(to=users["camat"].email)
    assert mail.status == OutboxStatus.PENDING and mail.attempts == 1 and mail.last_error
    smtp_server.start()
    OutboxEmail.objects.filter(pk=mail.pk).update(next_attempt_at=mail.created_at)
    assert outbox_deliver()["sent"] == 1
    assert outbox_deliver()["sent"] == 0  # never twice
    assert len(smtp_server.messages) == 1
    assert "/atur-sandi/" in smtp_server.bodies()[0]


@pytest.mark.django_db
def test_the_reset_form_sends_at_most_three_mails_an_hour_to_one_account(client, users):
    for _ in range(5):
        response = client.post(reverse("accounts:password_reset"), {"email": users["pmd"].email})
        assert response.status_code == 302  # the page never tells who has an account
    assert OutboxEmail.objects.filter(to=users["pmd"].email).count() == 3


@pytest.mark.django_db
def test_one_address_cannot_send_reset_mails_to_every_account(client, users):
    people = [u for u in users.values() if u.email][:12]
    for person in people:
        client.post(reverse("accounts:password_reset"), {"email": person.email})
    assert OutboxEmail.objects.count() == 10


@pytest.mark.django_db
def test_an_admins_setup_link_leaves_through_the_outbox(login, users, office):
    from apps.accounts.models import Membership

    membership = Membership.objects.get(user=users["desa-inan"])
    login("sekcam").post(reverse("accounts:user_send_password_link", args=[membership.pk]))
    mail = OutboxEmail.objects.get(to=users["desa-inan"].email)
    assert "/atur-sandi/" in mail.body and mail.dedupe_key.startswith("account:")
