"""The dashboard's figures as spreadsheet rows (the export's summary sheet)."""

from django.utils.translation import gettext as _


def figure_rows(sections):
    units = {"percent": "%", "hours": _("hours"), "decimal": "", "int": ""}
    for section in sections:
        for figure in section.figures:
            yield [str(section.title), str(figure.label), figure.value, units.get(figure.kind, "")]
