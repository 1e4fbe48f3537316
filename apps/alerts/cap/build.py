"""Writing the CAP 1.2 document of one message of an alert.

The document is built with the standard library's ElementTree (output only: nothing is
parsed here), in the element order the schema requires. Times are written in local time
with their offset and no fractions of a second (`2026-01-05T10:00:00+08:00`), the form the
schema's pattern allows. Texts are in Indonesian (`language` id-ID), whatever language the
person who issued the alert has chosen.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation

from . import GEOCODE_NAME, HAZARD_CODE_NAME, NS


def cap_time(moment: datetime) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def sender_of(office) -> str:
    """Globally unique per office: its short name at the installation's host."""
    host = urlsplit(settings.RUKO_BASE_URL).hostname or "localhost"
    return f"{office.slug}@{host}"


@dataclass(frozen=True)
class Reference:
    sender: str
    identifier: str
    sent: datetime

    def __str__(self):
        return f"{self.sender},{self.identifier},{cap_time(self.sent)}"


@dataclass(frozen=True)
class Envelope:
    """What the message adds to the alert's content: who, when, which kind."""

    identifier: str
    sent: datetime
    msg_type: str  # Alert, Update, Cancel
    status: str  # Actual, Exercise, Draft
    references: tuple[Reference, ...] = ()
    note: str = ""


def _add(parent, name: str, text=None):
    element = ET.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        element.text = str(text)
    return element


def _pair(parent, name: str, value_name: str, value: str):
    element = _add(parent, name)
    _add(element, "valueName", value_name)
    _add(element, "value", value)
    return element


def cap_document(alert, envelope: Envelope, villages) -> bytes:
    """The CAP 1.2 XML of one message of `alert` to `villages`, UTF-8 encoded."""
    office = alert.office
    with translation.override(settings.LANGUAGE_CODE):
        root = ET.Element(f"{{{NS}}}alert")
        _add(root, "identifier", envelope.identifier)
        _add(root, "sender", sender_of(office))
        _add(root, "sent", cap_time(envelope.sent))
        _add(root, "status", envelope.status)
        _add(root, "msgType", envelope.msg_type)
        if alert.source_name:
            _add(root, "source", alert.source_name)
        _add(root, "scope", alert.scope)
        if alert.scope == "Restricted":
            _add(root, "restriction", "Untuk pemerintah desa/kelurahan dan kantor kecamatan.")
        if envelope.note:
            _add(root, "note", envelope.note)
        if envelope.references:
            _add(root, "references", " ".join(str(r) for r in envelope.references))

        info = _add(root, "info")
        _add(info, "language", "id-ID")
        _add(info, "category", alert.category)
        _add(info, "event", str(alert.get_hazard_display()))
        _add(info, "urgency", alert.urgency)
        _add(info, "severity", alert.severity)
        _add(info, "certainty", alert.certainty)
        _pair(info, "eventCode", HAZARD_CODE_NAME, alert.hazard)
        if alert.effective:
            _add(info, "effective", cap_time(alert.effective))
        _add(info, "expires", cap_time(alert.expires))
        _add(info, "senderName", office.name)
        _add(info, "headline", alert.headline)
        _add(info, "description", alert.description)
        if alert.instruction:
            _add(info, "instruction", alert.instruction)
        if office.phone or office.email:
            _add(
                info,
                "contact",
                " · ".join(v for v in (office.name, office.phone, office.email) if v),
            )
        if alert.area_description:
            area = _add(info, "area")
            _add(area, "areaDesc", alert.area_description)
        for village in villages:
            area = _add(info, "area")
            _add(area, "areaDesc", f"{village}, {office.name}")
            _pair(area, "geocode", GEOCODE_NAME, village.region.code)
        ET.indent(root)
        # The CAP namespace as the default one, per document: ElementTree's global prefix
        # registry is shared with other libraries (WeasyPrint, openpyxl) that change it.
        return ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=NS)
