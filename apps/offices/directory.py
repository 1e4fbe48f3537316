"""The office's directory — its profile, sections, villages, categories, agencies and the
people in them — changes a few times a year and is drawn on nearly every staff page. Pages
cache what they draw of it (`{% cache … office.pk office.directory_version %}`, the choices
of a select through `use_directory_choices`) and every change bumps
`Office.directory_version` in the same transaction, so a changed directory is never shown
from a cache, on any server process: the number is read with the office on each request.

Changes are caught by signals on the models themselves, so a master-data form, the admin, a
management command and a service all count; bulk paths that skip signals (`seed_scale`)
write nothing that was drawn before. The accounts app reports its people the same way
(`directory_changed`).
"""

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from .models import Agency, Category, Office, Section, Village

# How long a drawn part of a directory is kept: a new version makes it unused long before.
DRAWN_FOR = 24 * 60 * 60


def directory_changed(office_ids) -> None:
    ids = {pk for pk in office_ids if pk is not None}
    if ids:
        Office.objects.filter(pk__in=ids).update(directory_version=F("directory_version") + 1)


def _office_saved(sender, instance, **kwargs):
    directory_changed([instance.pk])


def _part_changed(sender, instance, **kwargs):
    directory_changed([instance.office_id])


def connect() -> None:
    post_save.connect(_office_saved, sender=Office, dispatch_uid="directory-office")
    for model in (Section, Village, Category, Agency):
        for signal in (post_save, post_delete):
            signal.connect(_part_changed, sender=model, dispatch_uid=f"directory-{model.__name__}")


def use_directory_choices(field, *, office, name: str, queryset) -> None:
    """Give a ModelChoiceField `queryset` (a part of `office`'s directory: its sections,
    villages, agencies, officers…) and its choices as they were last listed under this
    directory version, so drawing the select reads nothing; choosing still checks the
    queryset. `name` tells apart different listings of the same office."""
    field.queryset = queryset
    key = f"directory:{office.pk}:{office.directory_version}:{name}:{get_language()}"
    choices = cache.get(key)
    if choices is None:
        choices = [(obj.pk, field.label_from_instance(obj)) for obj in queryset.all()]
        cache.set(key, choices, DRAWN_FOR)
    blank = [] if field.empty_label is None else [("", field.empty_label)]
    # The select draws the widget's choices; the field checks a choice against the queryset.
    field.widget.choices = [*blank, *choices]
