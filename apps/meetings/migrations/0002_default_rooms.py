"""Every office that exists already gets its RUKO room (new offices get it at setup)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Office = apps.get_model("offices", "Office")
    Room = apps.get_model("meetings", "Room")
    for office in Office.objects.all():
        if not Room.objects.filter(office=office).exists():
            Room.objects.create(office=office, name="Ruang RUKO PARSEL")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
