"""iCalendar (RFC 5545) with `icalendar`: the .ics sent with an invitation and the personal
feed a phone calendar subscribes to."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from apps.core import clock
from apps.notifications.services import absolute_url


def _domain() -> str:
    return settings.RUKO_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "rukoparsel"


def _calendar(method: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//RUKO PARSEL//Agenda//ID")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def meeting_event(meeting, *, url: str = "", cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{_domain()}")
    event.add("dtstamp", clock.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", vText(meeting.where))
    agenda = "\n".join(f"{n}. {item.title}" for n, item in enumerate(meeting.agenda.all(), 1))
    event.add("description", "\n\n".join(filter(None, [meeting.description, agenda, url])))
    if url:
        event.add("url", url)
    if meeting.office.email:
        organizer = vCalAddress(f"mailto:{meeting.office.email}")
        organizer.params["cn"] = vText(meeting.office.name)
        event.add("organizer", organizer)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", 1 if cancelled else 0)
    return event


def invitation_ics(meeting, *, url: str) -> str:
    calendar = _calendar("PUBLISH")
    calendar.add_component(meeting_event(meeting, url=absolute_url(url)))
    return calendar.to_ical().decode()


def consultation_event(consultation, *, url: str = "") -> Event:
    event = Event()
    event.add("uid", f"consultation-{consultation.pk}@{_domain()}")
    event.add("dtstamp", clock.now())
    event.add("dtstart", consultation.starts_at)
    event.add("dtend", consultation.ends_at)
    event.add("summary", f"Konsultasi {consultation.village} · {consultation.section.short_name}")
    event.add("location", vText(str(consultation.room)))
    event.add("description", "\n\n".join(filter(None, [consultation.topic, url])))
    return event


def feed_ics(*, name: str, meetings, consultations, url_of) -> bytes:
    """A person's calendar: their meetings and consultations, refreshed every hour."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"value": "DURATION"})
    for meeting in meetings:
        calendar.add_component(
            meeting_event(meeting, url=absolute_url(url_of(meeting)), cancelled=False)
        )
    for consultation in consultations:
        calendar.add_component(consultation_event(consultation))
    return calendar.to_ical()
