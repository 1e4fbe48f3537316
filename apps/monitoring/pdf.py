"""The activity report as a PDF (WeasyPrint): the same sections, tables and SVG charts as the
dashboard, on A4 under the office's letterhead, ending with the camat's signature block."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import filetype
import weasyprint
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .periods import day_label


@dataclass
class Document:
    content: bytes
    pages: int


def _fetcher() -> weasyprint.URLFetcher:
    """The report draws only what it carries (the logo as a data: URI): nothing is fetched
    from the network or the disk."""
    return weasyprint.URLFetcher(allowed_protocols={"data"})


def logo_data_uri(office) -> str:
    if not office.logo:
        return ""
    with office.logo.open("rb") as handle:
        content = handle.read()
    kind = filetype.guess(content[:8192])
    if kind is None or kind.mime not in ("image/png", "image/jpeg"):
        return ""
    return f"data:{kind.mime};base64,{base64.b64encode(content).decode()}"


def letterhead_lines(office) -> list[str]:
    lines = [line.strip() for line in office.letterhead.splitlines() if line.strip()]
    if not lines:
        lines = [office.name.upper(), office.region.parent.name if office.region.parent else ""]
    contact = ", ".join(
        part
        for part in (
            office.address,
            _("Phone %(phone)s") % {"phone": office.phone} if office.phone else "",
            office.email,
        )
        if part
    )
    return [line for line in lines if line] + ([contact] if contact else [])


def activity_report_pdf(*, report, scope, sections, printed) -> Document:
    office = report.office
    html = render_to_string(
        "monitoring/report_pdf.html",
        {
            "report": report,
            "office": office,
            "scope": scope,
            "period": scope.period,
            "sections": sections,
            "logo": logo_data_uri(office),
            "letterhead": letterhead_lines(office),
            "place": office.short_name,
            "printed": day_label(printed),
        },
    )
    rendered = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render()
    return Document(rendered.write_pdf(), len(rendered.pages))
