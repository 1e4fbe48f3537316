"""Property-based (hypothesis): a village report's figures given hostile, oversized and
malformed numbers are saved as typed or refused with a form that says why, never a 500,
never half a report."""

import os

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.core import clock
from apps.offices.models import AuditLog
from apps.village_reports.models import Submission

from .conftest import at
from .test_pages import fill_url

FIGURES = [
    "figure_balita-diukur",
    "figure_balita-stunting",
    "figure_balita-wasting",
    "figure_balita-underweight",
    "figure_ibu-hamil-kek",
]
NUMBER = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["", " ", "1,5", "1.000.000", "1e308", "-0", "NaN", "Infinity", "٣", "½",
                     "0x10", "1_000", "9" * 400, "<script>", "\x00", "12abc"]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=20),
)  # fmt: skip
EXAMPLES = settings(
    max_examples=int(os.environ.get("RUKO_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RUN = {"report figures": 0}


@pytest.mark.django_db
@EXAMPLES
@given(
    values=st.fixed_dictionaries(dict.fromkeys(FIGURES, NUMBER)),
    step=st.sampled_from(["save", "submit", "", "delete", "<x>"]),
    note=st.one_of(st.just(""), st.text(max_size=30), st.just("n" * 20_000)),
)
def test_report_figures_never_fail_and_never_save_half(users, stunting, values, step, note):
    with transaction.atomic():
        RUN["report figures"] += 1
        client = Client()
        client.force_login(users["desa-inan"])
        audit_before = AuditLog.objects.count()
        with clock.frozen(at(2026, 3, 2)):
            response = client.post(fill_url(stunting), {"step": step, "note": note, **values})
        assert response.status_code < 500
        if response.status_code == 302:
            report = Submission.objects.get()
            saved = {v.spec.code: v.value for v in report.values.select_related("spec")}
            assert all(value is None or value.is_finite() for value in saved.values())
            assert AuditLog.objects.count() > audit_before
        elif response.status_code == 404:  # a step no button sends: nothing to show
            assert step not in ("save", "submit")
            assert not Submission.objects.exists()
        else:
            assert response.status_code in (200, 400)
            assert "errorlist" in response.text or 'role="alert"' in response.text
            assert not Submission.objects.exists()
            assert AuditLog.objects.count() == audit_before
        transaction.set_rollback(True)


def test_examples_were_run():
    assert RUN["report figures"] >= 10, RUN
    print(f"hypothesis examples: {RUN}")
