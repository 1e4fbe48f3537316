"""Excel exports (openpyxl): every table of the product leaves as a real spreadsheet, with
Indonesian headings, dates as dates and numbers as numbers.

The workbook is written in openpyxl's write-only mode, row by row from an iterator, into a
temporary file that the response then streams: a list of 100,000 cases costs the same memory
as a list of ten.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# How a column's values are written: the Excel number format of each kind.
FORMATS = {
    "text": None,
    "int": "#,##0",
    "decimal": "#,##0.00",
    "percent": "0.0",  # a percentage already multiplied by 100 (87.5 means 87.5 %)
    "date": "DD/MM/YYYY",
    "datetime": "DD/MM/YYYY HH:MM",
    "hours": "0.0",
}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"
    width: int = 14


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[Iterable]
    heading: str = ""  # a line above the table: the office and the period


def _value(value, kind: str):
    if value is None or value == "":
        return None
    if kind in ("int",):
        return int(value)
    if kind in ("decimal", "percent", "hours"):
        return float(value) if isinstance(value, Decimal) else value
    if kind == "datetime" and isinstance(value, dt.datetime):
        # Excel knows no time zones: write the local time of the office (WITA).
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if kind == "date" and isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return str(value) if kind == "text" and not isinstance(value, str) else value


def write_workbook(sheets: list[Sheet], target) -> None:
    """Write the sheets to `target` (a path or a binary file) in write-only mode."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:31])
        for index, column in enumerate(sheet.columns):
            letter = _letter(index)
            worksheet.column_dimensions[letter].width = column.width
        worksheet.freeze_panes = "A3" if sheet.heading else "A2"
        if sheet.heading:
            cell = WriteOnlyCell(worksheet, value=sheet.heading)
            cell.font = bold
            worksheet.append([cell])
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(worksheet, value=column.label)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        worksheet.append(header)
        formats = [FORMATS[column.kind] for column in sheet.columns]
        kinds = [column.kind for column in sheet.columns]
        for row in sheet.rows:
            cells = []
            for value, kind, number_format in zip(row, kinds, formats, strict=False):
                cell = WriteOnlyCell(worksheet, value=_value(value, kind))
                if number_format:
                    cell.number_format = number_format
                cells.append(cell)
            worksheet.append(cells)
    workbook.save(target)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx_response(filename: str, sheets: list[Sheet]) -> FileResponse:
    """The workbook as a download, written to a temporary file first (flat memory) and
    streamed from it; the file disappears once the response is closed."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    write_workbook(sheets, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
