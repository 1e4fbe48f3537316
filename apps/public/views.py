from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from apps.core import clock
from apps.meetings.selectors import public_meetings
from apps.offices.models import VillageKind
from apps.offices.selectors import public_office

from .stats import PeriodForm, public_case_stats_counted


def _villages_served(villages) -> str:
    """ "15 villages and 1 urban village", from the office's own list."""
    desa = sum(1 for v in villages if v.kind == VillageKind.DESA)
    kelurahan = len(villages) - desa
    parts = []
    if desa:
        parts.append(ngettext("%(count)d village", "%(count)d villages", desa) % {"count": desa})
    if kelurahan:
        parts.append(
            ngettext("%(count)d urban village", "%(count)d urban villages", kelurahan)
            % {"count": kelurahan}
        )
    if len(parts) == 2:
        return _("%(villages)s and %(urban_villages)s") % {
            "villages": parts[0],
            "urban_villages": parts[1],
        }
    return parts[0] if parts else pgettext("all the villages of an office", "villages")


def landing(request):
    """What RUKO PARSEL is, for anyone: villages, citizens and visitors."""
    # The installation's own office (RUKO_PUBLIC_OFFICE) speaks on the public page.
    office = public_office(request)
    villages = list(office.villages.order_by("kind", "name")) if office else []
    now = clock.now()
    period_form = PeriodForm(request.GET or None, today=clock.today())
    period = period_form.chosen_period()
    return render(
        request,
        "public/landing.html",
        {
            "office": office,
            "villages": villages,
            "villages_served": _villages_served(villages),
            "meetings": public_meetings(office=office),
            "period_form": period_form,
            "period": period,
            "stats": public_case_stats_counted(office=office, period=period, now=now)
            if office
            else None,
        },
    )
