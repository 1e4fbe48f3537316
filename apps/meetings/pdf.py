"""Printable documents of a meeting as PDF (WeasyPrint): the invitation letter (surat
undangan), the attendance sheet (daftar hadir) and the minutes (notulen), each on the
office's letterhead with the camat's signature block from the office profile."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from apps.core import clock


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported when a PDF is made: it loads Pango

    office = context["meeting"].office
    with translation.override(settings.LANGUAGE_CODE):  # official letters are in Indonesian
        html = render_to_string(
            template,
            {
                **context,
                "office": office,
                "letterhead_lines": [line for line in office.letterhead.splitlines() if line],
                "printed_at": clock.now(),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
