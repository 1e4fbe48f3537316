"""Writes to people and their roles. Every change is audited."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.core import clock
from apps.core.audit import audit_record, diff, snapshot
from apps.core.errors import DomainError
from apps.core.tasks import send_email_on_commit
from apps.notifications.services import absolute_url
from apps.offices.models import Office, Section, Village

from .models import Membership, Role, User

PROFILE_FIELDS = ["full_name", "email", "phone", "is_active"]
MEMBERSHIP_FIELDS = ["role", "section", "village", "position", "is_active"]


def _check_scope(*, office: Office, role: str, section: Section | None, village: Village | None):
    if role == Role.INSPECTOR:
        raise DomainError(_("Regency inspectors are managed by the regency, not by an office."))
    if role == Role.OFFICER and section is None:
        raise DomainError(_("Choose the section of this officer."), field="section")
    if role == Role.VILLAGE and village is None:
        raise DomainError(_("Choose the village of this official."), field="village")
    if section is not None and section.office_id != office.pk:
        raise DomainError(_("That section belongs to another office."), field="section")
    if village is not None and village.office_id != office.pk:
        raise DomainError(_("That village belongs to another office."), field="village")


def password_setup_link(user: User) -> str:
    """The address where the person chooses a password: RUKO_BASE_URL and Django's reset
    confirmation with a one-time token (void once used, or once the password changes)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def send_password_setup_mail(*, user: User, request=None, office: Office | None = None) -> None:
    """Mail the person a link to choose their own password, after the transaction that
    created them has committed. Django's reset form skips accounts without a usable
    password, so the link is made here with the same token generator. The link always uses
    RUKO_BASE_URL, never the host a request came in on (`request` is not needed)."""
    if not user.email:
        return
    context = {"user": user, "link": password_setup_link(user), "office": office}
    send_email_on_commit(
        subject=render_to_string("accounts/email/password_setup_subject.txt", context),
        body=render_to_string("accounts/email/password_setup_email.txt", context),
        to=[user.email],
    )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    office: Office | None,
    username: str,
    full_name: str,
    role: str,
    email: str = "",
    phone: str = "",
    section: Section | None = None,
    village: Village | None = None,
    regency=None,
    position: str = "",
    password: str | None = None,
) -> User:
    """Create a person with one role. Without a password the account cannot log in until the
    person sets one through the e-mailed link."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("That username is already taken."), field="username")
    if role != Role.INSPECTOR or office is not None:
        _check_scope(office=office, role=role, section=section, village=village)
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        office=office,
        action="accounts.user.created",
        target=user,
        new={"username": username, **snapshot(user, PROFILE_FIELDS)},
    )
    membership_add(
        actor=actor,
        user=user,
        office=office,
        role=role,
        section=section if role == Role.OFFICER else None,
        village=village if role == Role.VILLAGE else None,
        regency=regency if role == Role.INSPECTOR else None,
        position=position,
    )
    return user


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    user: User,
    office: Office | None,
    role: str,
    section: Section | None = None,
    village: Village | None = None,
    regency=None,
    position: str = "",
) -> Membership:
    if role != Role.INSPECTOR:
        _check_scope(office=office, role=role, section=section, village=village)
        if user.memberships.filter(office=office).exists():
            raise DomainError(_("This person already has a role in this office."))
    elif user.memberships.filter(regency=regency).exists():
        raise DomainError(_("This person already watches this regency."))
    membership = Membership.objects.create(
        user=user,
        office=office,
        role=role,
        section=section if role == Role.OFFICER else None,
        village=village if role == Role.VILLAGE else None,
        regency=regency if role == Role.INSPECTOR else None,
        position=position,
    )
    audit_record(
        actor=actor,
        office=office,
        action="accounts.membership.created",
        target=membership,
        new=snapshot(membership, ["user", "office", "regency", *MEMBERSHIP_FIELDS]),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    role: str,
    section: Section | None = None,
    village: Village | None = None,
    position: str = "",
    is_active: bool = True,
) -> Membership:
    """Change a person's role in an office. The office itself never changes."""
    if membership.role == Role.INSPECTOR:
        raise DomainError(_("Regency inspectors are managed by the regency, not by an office."))
    _check_scope(office=membership.office, role=role, section=section, village=village)
    if not is_active and membership.user_id == actor.pk:
        raise DomainError(_("You cannot deactivate your own access."), field="is_active")
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.role = role
    membership.section = section if role == Role.OFFICER else None
    membership.village = village if role == Role.VILLAGE else None
    membership.position = position
    membership.is_active = is_active
    membership.save()
    old, new = diff(before, snapshot(membership, MEMBERSHIP_FIELDS))
    if new:
        audit_record(
            actor=actor,
            office=membership.office,
            action="accounts.membership.updated",
            target=membership,
            old=old,
            new=new,
        )
    return membership


@transaction.atomic
def user_update_profile(
    *, actor: User, user: User, full_name: str, email: str, phone: str, office=None
) -> User:
    before = snapshot(user, PROFILE_FIELDS)
    user.full_name, user.email, user.phone = full_name, email, phone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email", "phone"])
    old, new = diff(before, snapshot(user, PROFILE_FIELDS))
    if new:
        audit_record(
            actor=actor,
            office=office,
            action="accounts.user.updated",
            target=user,
            old=old,
            new=new,
        )
    return user


@transaction.atomic
def user_password_changed(*, actor: User, user: User, how: str) -> None:
    """Record that a password was changed (`how`: changed, reset or set by admin) and revoke
    the person's API tokens: whoever held the old password or a stolen session loses API
    access too. The password itself is saved by Django's auth forms, never logged."""
    from apps.api.models import ApiToken

    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
    audit_record(
        actor=actor,
        action=f"accounts.user.password_{how}",
        target=user,
        new={"api_tokens_revoked": revoked},
    )
