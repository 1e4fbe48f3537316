from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    label = "meetings"
    verbose_name = _("Agenda")

    def ready(self):
        from apps.offices.village_export import register_village_export

        from .exports import VILLAGE_EXPORT

        # What the office hands over about a village includes this app's records.
        register_village_export("meetings", VILLAGE_EXPORT)
        from apps.accounts.registry import register_demo_seeder
        from apps.follow_ups.registry import register_source
        from apps.offices.masterdata import (
            MasterKind,
            register_master_kind,
            register_office_setup_hook,
        )

        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask
        from .demo import demo_agenda_seed
        from .forms import AvailabilityExceptionForm, AvailabilityForm, RoomForm
        from .models import Availability, AvailabilityException, Room
        from .services import room_setup, rooms_setup_many
        from .sources import MEETING_SOURCE, SOURCE_TYPE

        register_source(SOURCE_TYPE, MEETING_SOURCE)
        register_office_setup_hook(room_setup, bulk=rooms_setup_many)
        register_demo_seeder(demo_agenda_seed)
        register_master_kind(
            "ruang", MasterKind(Room, RoomForm, _("Rooms"), ("name", "location", "is_active"))
        )
        register_master_kind(
            "jam-konsultasi",
            MasterKind(
                Availability,
                AvailabilityForm,
                _("Consultation hours of the sections"),
                ("section", "weekday", "start_time", "end_time", "room", "is_active"),
                form_needs_office=True,
            ),
        )
        register_master_kind(
            "libur-konsultasi",
            MasterKind(
                AvailabilityException,
                AvailabilityExceptionForm,
                _("Days without consultations"),
                ("date", "section", "note"),
                blank_labels=(("section", _("All sections")),),
                form_needs_office=True,
            ),
        )
