"""The public figures: the chosen period, figures only (no case text, no name), a constant
number of queries whatever the number of cases, and a page that stays small."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.cases import services as cases
from apps.core import clock
from tests_support.factories import membership_of

# Measured: the landing page weighs 9.0 KB of HTML (uncompressed) without cases and 13.5 KB
# (3.2 KB gzip) with a year of figures for all 16 villages; the budget leaves room to grow.
HTML_BUDGET = 20 * 1024
NOW = dt.datetime(2026, 5, 20, 10, tzinfo=timezone.get_default_timezone())


def resolved_case(village="desa-inan", category="Keuangan desa", title="Laporan APBDes"):
    official = membership_of(village)
    office = official.office
    case = cases.case_submit(
        acting=official,
        category=office.categories.get(name=category),
        urgency="sedang",
        title=title,
        description="Rahasia desa: pendampingan laporan.",
    ).case
    cases.case_verify(acting=membership_of("sekcam"), case=case)
    cases.case_dispose(
        acting=membership_of("camat"),
        case=case,
        section=office.sections.get(short_name="PMD"),
        instruction="Segera.",
    )
    officer = membership_of("pmd")
    cases.case_assign(acting=officer, case=case)
    cases.case_answer(acting=officer, case=case, response="Dijawab.", solution="", follow_ups=[])
    return cases.case_confirm(acting=official, case=case, rating=4)


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield


@pytest.mark.django_db
def test_this_years_figures_per_village_and_category_without_text_or_names(client, frozen):
    resolved_case(title="Judul yang tidak boleh tampil")
    cases.case_submit(
        acting=membership_of("desa-bungin"),
        category=membership_of("desa-bungin").office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Masih terbuka",
        description="Deskripsi tidak untuk publik.",
    )
    page = client.get("/").text
    stats = page.split('id="public-stats"', 1)[1].split("</section>", 1)[0]
    assert "Permasalahan dalam angka: Tahun 2026" in stats
    assert "Permasalahan diterima</dt><dd>2</dd>" in stats
    assert "Di antaranya selesai</dt><dd>1</dd>" in stats
    assert "100,0%" in stats  # answered within the service level
    assert "Kepuasan desa (1–5)</dt><dd>4,0</dd>" in stats
    assert "Desa Inan" in stats and "Desa Bungin" in stats and "Keuangan desa" in stats
    for private in ("Judul yang tidak boleh tampil", "Rahasia desa", "Masih terbuka",
                    "Deskripsi tidak", "Noor Aisyah", "Rahmadi", "Basri", "PRS-"):  # fmt: skip
        assert private not in page, private


@pytest.mark.django_db
def test_a_quarter_or_a_month_is_chosen_by_its_number(client, frozen):
    resolved_case()
    q2 = client.get("/", {"period": "quarter", "year": "2026", "number": "2"}).text
    assert "Triwulan II 2026" in q2 and "Permasalahan diterima</dt><dd>1</dd>" in q2
    q1 = client.get("/", {"period": "quarter", "year": "2026", "number": "1"}).text
    assert "Triwulan I 2026" in q1 and "Permasalahan diterima</dt><dd>0</dd>" in q1
    month = client.get("/", {"period": "month", "year": "2026"}).text
    assert "Mei 2026" in month  # the month that holds today
    assert "Permasalahan diterima</dt><dd>1</dd>" in month


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"period": "week"},
        {"period": "month", "year": "2026", "number": "13"},
        {"period": "quarter", "year": "2026", "number": "5"},
        {"period": "year", "year": "1999"},
        {"period": "year", "year": "2027"},
        {"year": "dua ribu"},
    ],
)
def test_a_wrong_period_says_so_and_shows_this_year(client, frozen, params):
    page = client.get("/", params)
    assert page.status_code == 200
    assert "Periode itu tidak dapat ditampilkan" in page.text
    assert "Permasalahan dalam angka: Tahun 2026" in page.text


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_cases(client, frozen):
    resolved_case()
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    counted = len(few)  # counted now: each request empties the connection's query log
    # Nothing changed: the figures counted before, and the page says when.
    with CaptureQueriesContext(connection) as cached:
        page = client.get("/")
    assert "Dihitung pukul 10:00; perubahan tampil paling lambat lima menit kemudian." in page.text
    assert len(cached) < counted
    assert not [q["sql"] for q in cached.captured_queries if "cases_case" in q["sql"]]
    for village in ("desa-bungin", "desa-galumbang", "desa-baruh-bahinu-luar"):
        resolved_case(village=village)
        resolved_case(village=village, category="Stunting dan kesehatan")
    # Any change in the office is counted on the next visit.
    with CaptureQueriesContext(connection) as many:
        page = client.get("/")
    assert '<th scope="row">Desa Galumbang</th>' in page.text
    assert len(many) == counted, [q["sql"][:80] for q in many.captured_queries]


@pytest.mark.django_db
def test_the_page_stays_under_its_html_budget_with_every_village_in_the_figures(client, frozen):
    office = membership_of("desa-inan").office
    for village in office.villages.all():
        official = village.memberships.filter(is_active=True).first()
        if official:
            resolved_case(village=official.user.username)
    page = client.get("/")
    assert (
        page.text.count('<th scope="row">Desa ') + page.text.count('<th scope="row">Kelurahan ')
        >= 16
    )
    assert len(page.content) < HTML_BUDGET, len(page.content)
    assert 'href="/pustaka/"' in page.text  # the knowledge base is one tap away
