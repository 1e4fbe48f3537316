# Before tracking numbers become unique in the whole installation: a number that several
# offices gave out (RUKO-2026-00001 in each, from before offices had their own prefix) stays
# with the office set up first; the others' cases get their own office's prefix instead
# (PRN-2026-00001), and so do the titles of their in-app notifications. An installation with
# one office changes nothing.

from django.db import migrations
from django.db.models import Count


def renumber_shared_numbers(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Notification = apps.get_model("notifications", "Notification")
    shared = (
        Case.objects.values("tracking_number")
        .annotate(offices=Count("office", distinct=True))
        .filter(offices__gt=1)
        .values_list("tracking_number", flat=True)
    )
    for number in list(shared):
        cases = Case.objects.filter(tracking_number=number).select_related("office")
        for case in cases.order_by("office_id")[1:]:
            new = case.office.case_prefix + number[number.index("-") :]
            Case.objects.filter(pk=case.pk).update(tracking_number=new)
            for note in Notification.objects.filter(
                office_id=case.office_id, title__startswith=f"{number}:"
            ):
                note.title = new + note.title[len(number) :]
                note.save(update_fields=["title"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0002_one_clock"),
        ("notifications", "0001_initial"),
        ("offices", "0007_office_case_prefix_unique"),
    ]

    operations = [
        migrations.RunPython(renumber_shared_numbers, migrations.RunPython.noop),
    ]
