"""The office's directory — its profile, sections, villages, categories and the people in
them — changes a few times a year and is drawn on nearly every staff page. Pages cache what
they draw of it (`{% cache … office.pk office.directory_version %}`) and every change bumps
`Office.directory_version` in the same transaction, so a changed directory is never served
from a cache, on any server process: the number is read with the office on each request.

Changes are caught by signals on the models themselves, so a master-data form, the admin, a
management command and a service all count; bulk paths that skip signals (`seed_scale`)
write nothing that was drawn before. The accounts app reports its people the same way
(`directory_changed`).
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from .models import Category, Office, Section, Village


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
    for model in (Section, Village, Category):
        for signal in (post_save, post_delete):
            signal.connect(_part_changed, sender=model, dispatch_uid=f"directory-{model.__name__}")
