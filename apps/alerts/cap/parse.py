"""Reading a CAP 1.2 message from another authority (BMKG, BPBD…), refusing hostile XML.

Three gates, each with a message a person can act on:
1. size: at most `MAX_BYTES` (a CAP message is a few kilobytes);
2. defusedxml with every DTD forbidden: a CAP message never declares a document type, and
   one that does may expand entities without end ("billion laughs") or read files and URLs
   of the server (external entities); such a message is refused before anything expands;
3. the OASIS schema, through lxml with entities unresolved and the network off.
Only then are the values read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from lxml import etree

from apps.core.errors import DomainError

from . import NS, XSD_PATH

MAX_BYTES = 256 * 1024
Q = f"{{{NS}}}"


@dataclass
class CapArea:
    description: str
    geocodes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class CapInfo:
    language: str = "en-US"
    categories: list[str] = field(default_factory=list)
    event: str = ""
    urgency: str = "Unknown"
    severity: str = "Unknown"
    certainty: str = "Unknown"
    event_codes: list[tuple[str, str]] = field(default_factory=list)
    effective: datetime | None = None
    onset: datetime | None = None
    expires: datetime | None = None
    sender_name: str = ""
    headline: str = ""
    description: str = ""
    instruction: str = ""
    areas: list[CapArea] = field(default_factory=list)


@dataclass
class CapMessage:
    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    scope: str
    source: str = ""
    note: str = ""
    references: str = ""
    infos: list[CapInfo] = field(default_factory=list)
    text: str = ""  # the message as received, for the record

    def info(self, language: str = "id") -> CapInfo | None:
        """The info block in `language` when there is one, else the first."""
        for info in self.infos:
            if info.language.lower().startswith(language):
                return info
        return self.infos[0] if self.infos else None


@cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(XSD_PATH), parser))


def hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def schema_errors(data: bytes) -> list[str]:
    """What the OASIS schema finds wrong with a document (empty: valid). For documents
    that passed the DTD gate, or that we wrote ourselves."""
    document = etree.fromstring(data, hardened_parser())
    checker = schema()
    if checker.validate(document):
        return []
    return [f"{_('line')} {e.line}: {e.message}" for e in checker.error_log][:5]


def parse(data: bytes | str) -> CapMessage:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise DomainError(
            _("The message is larger than %(size)s KB; a CAP message is a few kilobytes.")
            % {"size": MAX_BYTES // 1024}
        )
    data = data.strip()
    if not data:
        raise DomainError(_("The message is empty: upload a CAP file or paste its XML."))
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise DomainError(
            _(
                "The message was refused: it declares a document type or entities (DTD). "
                "CAP messages never need one, and such XML can be used to attack the server "
                "(entity expansion, external entities). Ask the sender for the plain CAP "
                "message."
            ),
            code="hostile",
        ) from error
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise DomainError(
            _("This is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": line, "column": column}
        ) from error
    if root.tag != f"{Q}alert":
        raise DomainError(
            _(
                "This is not a CAP 1.2 message: its root element must be <alert> in the "
                "namespace %(ns)s."
            )
            % {"ns": NS}
        )
    errors = schema_errors(data)
    if errors:
        raise DomainError(
            _("This is not a valid CAP 1.2 message: %(errors)s") % {"errors": "; ".join(errors)}
        )
    return _read(root, data)


def _text(element, name: str) -> str:
    found = element.find(f"{Q}{name}")
    return (found.text or "").strip() if found is not None else ""


def _time(element, name: str) -> datetime | None:
    value = _text(element, name)
    return parse_datetime(value) if value else None


def _pairs(element, name: str) -> list[tuple[str, str]]:
    return [
        (_text(item, "valueName"), _text(item, "value")) for item in element.findall(f"{Q}{name}")
    ]


def _read(root, data: bytes) -> CapMessage:
    message = CapMessage(
        identifier=_text(root, "identifier"),
        sender=_text(root, "sender"),
        sent=_time(root, "sent"),
        status=_text(root, "status"),
        msg_type=_text(root, "msgType"),
        scope=_text(root, "scope"),
        source=_text(root, "source"),
        note=_text(root, "note"),
        references=_text(root, "references"),
        text=data.decode("utf-8", errors="replace"),
    )
    for element in root.findall(f"{Q}info"):
        info = CapInfo(
            language=_text(element, "language") or "en-US",
            categories=[(c.text or "").strip() for c in element.findall(f"{Q}category")],
            event=_text(element, "event"),
            urgency=_text(element, "urgency"),
            severity=_text(element, "severity"),
            certainty=_text(element, "certainty"),
            event_codes=_pairs(element, "eventCode"),
            effective=_time(element, "effective"),
            onset=_time(element, "onset"),
            expires=_time(element, "expires"),
            sender_name=_text(element, "senderName"),
            headline=_text(element, "headline"),
            description=_text(element, "description"),
            instruction=_text(element, "instruction"),
        )
        for area in element.findall(f"{Q}area"):
            info.areas.append(CapArea(_text(area, "areaDesc"), _pairs(area, "geocode")))
        message.infos.append(info)
    return message
