"""Removing a person's personal data (the right to erasure of UU PDP No. 27/2022) while the
history of what they did stays consistent.

The `User` row stays, with the same id: every audit entry, case, comment and follow-up that
points to the person keeps pointing to the same (now anonymous) account, so the trail reads
"Pengguna terhapus #42 disposed the case" instead of breaking. What goes: the name, the
username, the e-mail address, the phone number, the password; the account is deactivated
with its roles, its sessions end, its API tokens are revoked (the hooks other apps registered
for a changed password), its login-attempt records and the outbox mail to its address are
removed. The erasure itself is audited with the names of the fields, never their values.

Earlier audit entries keep the values they recorded (the audit log is append-only, enforced
by the database on PostgreSQL): an entry such as `accounts.user.created` still holds the name
and address given at the time. The audit log is the office's legal record; access to it is
limited to the Django admin (superusers).
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import clock
from apps.core.errors import DomainError, NotAllowed
from apps.notifications.models import OutboxEmail
from apps.offices.audit import audit_record

from . import policy
from .models import Membership, User
from .registry import PASSWORD_CHANGED_HOOKS

ERASED_FIELDS = ["username", "full_name", "first_name", "last_name", "email", "phone", "password"]


def erased_name(user_id: int) -> str:
    return f"Pengguna terhapus #{user_id}"


def _end_sessions(user_id: int) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gte=clock.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            session.delete()
            ended += 1
    return ended


def _forget_login_attempts(username: str) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        model.objects.filter(username=username).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


@transaction.atomic
def person_erase(*, acting: Membership | None, user: User) -> dict:
    """Anonymise one person. The camat or secretary of the only office the person works in
    (`policy.can_edit_person`), or the platform (`acting=None`, the command)."""
    if acting is not None:
        if not policy.can_edit_person(acting, user):
            raise NotAllowed(_("You may not change this person's data."))
        if acting.user_id == user.pk:
            raise DomainError(_("You cannot erase your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.username == f"terhapus-{user.pk}":
        return {}  # erased before: nothing more to remove
    old_username, old_email = user.username, user.email
    user.username = f"terhapus-{user.pk}"
    user.full_name = erased_name(user.pk)
    user.first_name = user.last_name = user.email = user.phone = ""
    user.set_unusable_password()
    user.is_active = False
    user.save()
    memberships = list(user.memberships.filter(is_active=True).values_list("pk", flat=True))
    Membership.objects.filter(pk__in=memberships).update(is_active=False)
    facts = {
        "erased": ERASED_FIELDS,
        "memberships_ended": len(memberships),
        "sessions_ended": _end_sessions(user.pk),
        "login_records_removed": _forget_login_attempts(old_username),
        "outbox_mail_removed": (
            OutboxEmail.objects.filter(to__iexact=old_email).delete()[0] if old_email else 0
        ),
    }
    for hook in PASSWORD_CHANGED_HOOKS:  # the API revokes the tokens
        facts.update(hook(user))
    offices = {m.office for m in user.memberships.select_related("office") if m.office_id}
    for office in offices or {None}:
        audit_record(
            actor=acting.user if acting is not None else None,
            office=office,
            action="accounts.user.erased",
            target=user,
            new=facts,
        )
    return facts
