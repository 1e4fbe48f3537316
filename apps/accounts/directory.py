"""People are part of their office's directory (apps.offices.directory): a membership given,
changed or ended, or a person's name changed, bumps the directory version of the offices
they belong to."""

from django.db.models.signals import post_delete, post_save

from apps.offices.directory import directory_changed

from .models import Membership, User


def _offices_of_membership(membership: Membership) -> list:
    ids = [membership.office_id]
    if membership.village_id is not None:
        ids.append(membership.village.office_id)
    return ids


def _membership_changed(sender, instance, **kwargs):
    directory_changed(_offices_of_membership(instance))


# Saved on every login or password change: nothing the directory shows.
UNSHOWN = frozenset({"last_login", "password"})


def _person_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and set(update_fields) <= UNSHOWN):
        return  # a new person belongs to no office until a membership is made
    offices = set()
    for membership in instance.memberships.select_related("village"):
        offices.update(_offices_of_membership(membership))
    directory_changed(offices)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_membership_changed, sender=Membership, dispatch_uid=f"directory-m-{signal}")
    post_save.connect(_person_changed, sender=User, dispatch_uid="directory-person")
