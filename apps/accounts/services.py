"""Writes to people and their roles. Every change is audited."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.core import clock
from apps.core.errors import DomainError, NotAllowed
from apps.notifications.services import absolute_url, email_queue
from apps.offices.audit import audit_record, diff, snapshot
from apps.offices.models import AuditLog, Office, Section, Village

from . import policy
from .models import Membership, Role, User
from .registry import PASSWORD_CHANGED_HOOKS

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


@transaction.atomic
def send_password_setup_mail(*, user: User, actor: User | None, office: Office | None = None):
    """Mail the person a link to choose their own password, through the outbox (retried
    while the mail server is down, never sent twice). Django's reset form skips accounts
    without a usable password, so the link is made here with the same token generator. The
    link always uses RUKO_BASE_URL, never the host a request came in on."""
    if not user.email:
        return
    context = {"user": user, "link": password_setup_link(user), "office": office}
    entry = audit_record(
        actor=actor, office=office, action="accounts.user.password_link_sent", target=user
    )
    email_queue(
        to=user.email,
        subject=render_to_string("accounts/email/password_setup_subject.txt", context),
        body=render_to_string("accounts/email/password_setup_email.txt", context),
        dedupe=f"account:{user.pk}:audit:{entry.pk}",
    )


# How many reset mails one account, or one client address, may ask for in an hour.
RESET_MAILS_PER_ACCOUNT = 3
RESET_MAILS_PER_ADDRESS = 10
RESET_WINDOW = timedelta(hours=1)


@transaction.atomic
def password_reset_mail_queue(*, user: User, subject: str, body: str, client_ip: str) -> bool:
    """Queue the mail of Django's "forgot password" form through the outbox, at most
    RESET_MAILS_PER_ACCOUNT an hour per account and RESET_MAILS_PER_ADDRESS per client
    address, so the form cannot be used to flood someone's inbox. Over the limit nothing is
    sent and the page says the same as always (it never tells who has an account)."""
    since = clock.now() - RESET_WINDOW
    recent = AuditLog.objects.filter(
        action="accounts.user.password_reset_requested", created_at__gte=since
    )
    if (
        recent.filter(target_type=User._meta.label_lower, target_id=str(user.pk)).count()
        >= RESET_MAILS_PER_ACCOUNT
        or recent.filter(new__ip=client_ip).count() >= RESET_MAILS_PER_ADDRESS
    ):
        return False
    entry = audit_record(
        actor=None,
        action="accounts.user.password_reset_requested",
        target=user,
        new={"ip": client_ip},
    )
    return email_queue(
        to=user.email, subject=subject, body=body, dedupe=f"account:{user.pk}:audit:{entry.pk}"
    )


def _require_grant(acting: Membership | None, *, office: Office | None, role: str) -> None:
    """`acting` None is the platform itself (a management command, the demo seed)."""
    if acting is None:
        return
    if office is None or acting.office_id != office.pk or not policy.can_grant_role(acting, role):
        raise NotAllowed(_("Your role may not give this role."), field="role")


@transaction.atomic
def user_create(
    *,
    acting: Membership | None,
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
    person sets one through the e-mailed link. `acting` None: the platform (commands)."""
    _require_grant(acting, office=office, role=role)
    actor = acting.user if acting is not None else None
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
        acting=acting,
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
    acting: Membership | None,
    user: User,
    office: Office | None,
    role: str,
    section: Section | None = None,
    village: Village | None = None,
    regency=None,
    position: str = "",
) -> Membership:
    """Give a person (new, or with an account from an office they have left) a role in this
    office. An office admin may not attach an account that still serves elsewhere
    (`policy.can_attach_person`); the refusal reads like an unknown username."""
    _require_grant(acting, office=office, role=role)
    if acting is not None and not policy.can_attach_person(acting, user):
        raise DomainError(str(policy.NOT_ATTACHABLE), field="username")
    actor = acting.user if acting is not None else None
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
    acting: Membership,
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
    # Lock the membership row only: its office is a nullable join, which PostgreSQL refuses
    # to lock ("FOR UPDATE cannot be applied to the nullable side of an outer join").
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=membership.pk)
    )
    actor = acting.user
    if not is_active and membership.user_id == actor.pk:
        raise DomainError(_("You cannot deactivate your own access."), field="is_active")
    if not policy.can_manage_membership(acting, membership):
        raise NotAllowed(_("Your role may not change this person's role."))
    _require_grant(acting, office=membership.office, role=role)
    _check_scope(office=membership.office, role=role, section=section, village=village)
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
def profile_update(*, user: User, full_name: str, email: str, phone: str, office=None) -> User:
    """A person corrects their own name, e-mail and phone (the profile page)."""
    return _person_save(
        actor=user, user=user, office=office, full_name=full_name, email=email, phone=phone
    )


@transaction.atomic
def membership_edit(
    *,
    acting: Membership,
    membership: Membership,
    person: dict | None,
    role: str,
    section: Section | None = None,
    village: Village | None = None,
    position: str = "",
    is_active: bool = True,
) -> Membership:
    """The user page of an office admin: the person's details (`person`: full_name, email,
    phone; None when this admin may not edit them) and their role, in one transaction."""
    if person is not None:
        if not policy.can_edit_person(acting, membership.user):
            raise NotAllowed(_("This person's details are theirs or another office's."))
        _person_save(actor=acting.user, user=membership.user, office=membership.office, **person)
    return membership_update(
        acting=acting,
        membership=membership,
        role=role,
        section=section,
        village=village,
        position=position,
        is_active=is_active,
    )


def _person_save(*, actor: User, user: User, full_name: str, email: str, phone: str, office):
    user = User.objects.select_for_update().get(pk=user.pk)
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
    """Record that a password was changed (`how`: changed, reset or set by admin) and run
    what other apps registered for it (the API revokes the person's tokens: whoever held the
    old password or a stolen session loses API access too). The password itself is saved by
    Django's auth forms, never logged."""
    facts = {}
    for hook in PASSWORD_CHANGED_HOOKS:
        facts.update(hook(user))
    audit_record(actor=actor, action=f"accounts.user.password_{how}", target=user, new=facts)
