"""The case rows every list draws: what a row says, the late mark, escaping, both languages."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.cases.tests.conftest import at
from apps.core import clock


def rows(cases, language="id"):
    with translation.override(language):
        return render_to_string("cases/_case_rows.html", {"cases": cases})


@pytest.mark.django_db
def test_a_row_names_the_case_its_village_section_officer_and_dates(submit, walk):
    case = submit(title='Jalan <rusak> & "licin"', when=at(2026, 3, 2), urgency="tinggi")
    walk(case, "assign", when=at(2026, 3, 3))
    case.refresh_from_db()
    with clock.frozen(at(2026, 3, 4)):
        html = rows([case])
    assert f'<a href="/permasalahan/{case.pk}/">' in html
    assert "<strong>Jalan &lt;rusak&gt; &amp; &quot;licin&quot;</strong>" in html
    assert f'<span class="pill status-{case.status}">{case.get_status_display()}</span>' in html
    assert "pill late" not in html
    meta = f"{case.tracking_number} · {case.village} · Keuangan desa · Tinggi · PMD · "
    assert meta + case.assigned_to.get_full_name() in html
    assert "diajukan 2 Mar 2026" in html
    deadline = timezone.localtime(case.current_deadline)
    assert f" · tenggat {deadline.day} " in html


@pytest.mark.django_db
def test_a_row_past_its_deadline_is_marked_late_and_english_speaks_english(submit):
    case = submit(when=at(2026, 3, 2))
    with clock.frozen(case.current_deadline + dt.timedelta(minutes=1)):
        assert '<span class="pill late">terlambat</span>' in rows([case])
        english = rows([case], "en")
    assert '<span class="pill late">overdue</span>' in english
    assert "submitted 2 Mar 2026" in english


def test_no_case_says_so():
    assert '<li class="muted">Tidak ada permasalahan.</li>' in rows([])
