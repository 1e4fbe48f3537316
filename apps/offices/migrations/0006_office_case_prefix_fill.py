# Give every existing office its own prefix, derived from its kecamatan's name as
# `setup_office` does (a frozen copy of apps.offices.models.case_prefix_from_name).

import re
import unicodedata

from django.db import migrations


def prefix_from_name(name):
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z]+", plain)
    if len(words) > 1 and words[0] == "KECAMATAN":
        words = words[1:]
    if not words:
        return "KEC"
    first, rest = words[0], words[1:]
    tail = first[1:]
    fill = [c for c in tail if c not in "AEIOU"] + [c for c in tail if c in "AEIOU"]
    prefix = first[0] + "".join(fill[: max(0, 2 - len(rest))]) + "".join(w[0] for w in rest)
    prefix = prefix[:6]
    return prefix if len(prefix) >= 2 else (prefix + "KEC")[:3]


def fill_prefixes(apps, schema_editor):
    Office = apps.get_model("offices", "Office")
    taken = {"RUKO"}  # the tracking numbers given so far begin with RUKO-
    for office in Office.objects.select_related("region").order_by("pk"):
        base = prefix_from_name(office.region.name)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}{number}"
        taken.add(candidate)
        office.case_prefix = candidate
        office.save(update_fields=["case_prefix"])


class Migration(migrations.Migration):

    dependencies = [
        ("offices", "0005_office_case_prefix"),
    ]

    operations = [
        migrations.RunPython(fill_prefixes, migrations.RunPython.noop),
    ]
