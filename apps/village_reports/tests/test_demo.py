"""The demo's two years of reports: realistic gaps, lateness and stunting trends."""

import pytest

from apps.core import clock
from apps.offices.models import AuditLog
from apps.village_reports import defaults, selectors
from apps.village_reports.demo import demo_reports_seed
from apps.village_reports.models import Submission

from .conftest import at


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_has_two_years_of_reports_with_gaps_lateness_and_trends(office):
    with clock.frozen(at(2026, 11, 28)):
        made = demo_reports_seed(office=office)
        assert demo_reports_seed(office=office) == 0  # idempotent
    sent = Submission.objects.filter(office=office)
    assert made == sent.count() > 400
    assert sent.filter(on_time=False).exists() and sent.filter(on_time=True).exists()
    # Now and then a section returned a report and the village corrected it.
    assert AuditLog.objects.filter(action="village_reports.submission.resubmitted").exists()
    stunting = office.obligation_types.get(code=defaults.STUNTING)
    matrix = selectors.compliance_matrix(
        membership=office.memberships.get(user__username="camat"),
        obligation=stunting,
        year=2025,
        today=at(2026, 11, 28).date(),
    )
    assert 0 < matrix.totals["missing"] < matrix.due_cells / 4  # gaps, but few
    trend = selectors.stunting_trend(offices=[office], last_month=at(2026, 10, 1).date())
    assert all(t["prevalence"] is not None for t in trend)
