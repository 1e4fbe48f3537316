"""The report pages: a village fills and sends, the section reviews, the matrix and the stunting
page for the office (never for a village), the Excel exports, the API, the reminders."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from apps.core import clock
from apps.notifications.models import Notification
from apps.village_reports import defaults, services
from apps.village_reports.models import Submission
from apps.village_reports.workflow import Status

from .conftest import at, pdf

FEB = dt.date(2026, 2, 1)


def fill_url(obligation, period=FEB):
    return reverse("village_reports:fill", args=[obligation.pk, period.isoformat()])


@pytest.mark.django_db
def test_a_village_fills_saves_and_submits_its_stunting_figures(login, stunting):
    client = login("desa-inan")
    with clock.frozen(at(2026, 3, 2)):
        home = client.get(reverse("village_reports:due"))
        assert home.status_code == 200 and "Feb 2026" in home.text
        page = client.get(fill_url(stunting))
        assert page.status_code == 200 and 'name="figure_balita-diukur"' in page.text
        too_many = client.post(
            fill_url(stunting),
            {"step": "submit", "figure_balita-diukur": "40", "figure_balita-stunting": "41"},
        )
        assert too_many.status_code == 200 and not Submission.objects.exists()
        draft = client.post(fill_url(stunting), {"step": "save", "figure_balita-diukur": "40"})
        assert draft.status_code == 302
        assert Submission.objects.get().status == Status.DRAFT
        sent = client.post(
            fill_url(stunting),
            {
                "step": "submit",
                "figure_balita-diukur": "40",
                "figure_balita-stunting": "9",
                "figure_balita-wasting": "2",
                "figure_balita-underweight": "4",
                "figure_ibu-hamil-kek": "1",
            },
        )
    report = Submission.objects.get()
    assert sent.status_code == 302 and sent.url == reverse(
        "village_reports:detail", args=[report.pk]
    )
    assert report.status == Status.SUBMITTED and report.on_time
    # A sent report is not filled again: the form leads to the report page.
    assert client.get(fill_url(stunting)).status_code == 302


@pytest.mark.django_db
def test_the_section_reviews_on_the_report_page(login, apbdes, send):
    report = send("desa-inan", apbdes, dt.date(2026, 1, 1), when=at(2026, 7, 20))
    client = login("pmd")
    page = client.get(reverse("village_reports:detail", args=[report.pk]))
    assert page.status_code == 200 and "Desa Inan" in page.text
    refused = client.post(
        reverse("village_reports:review", args=[report.pk, "return"]), {"note": ""}
    )
    assert refused.status_code == 400
    back = client.post(
        reverse("village_reports:review", args=[report.pk, "return"]), {"note": "Tanda tangan."}
    )
    assert back.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.review_note == "Tanda tangan."
    # kesos does not review APBDes reports: the page offers no review, a POST is refused.
    other = login("kesos")
    assert "Tanda tangan." in other.get(reverse("village_reports:detail", args=[report.pk])).text
    again = other.post(reverse("village_reports:review", args=[report.pk, "accept"]))
    assert again.status_code == 403


@pytest.mark.django_db
def test_villages_see_neither_the_matrix_nor_another_villages_report(login, apbdes, send):
    report = send("desa-inan", apbdes, dt.date(2026, 1, 1), when=at(2026, 7, 20))
    bungin = login("desa-bungin")
    for name in ("matrix", "matrix_export", "stunting", "stunting_export"):
        assert bungin.get(reverse(f"village_reports:{name}")).status_code == 404
    assert bungin.get(reverse("village_reports:detail", args=[report.pk])).status_code == 404
    token = report.files.get().token
    assert bungin.get(reverse("village_reports:file", args=[report.pk, token])).status_code == 404
    inan = login("desa-inan")
    assert inan.get(reverse("village_reports:file", args=[report.pk, token])).status_code == 200


@pytest.mark.django_db
def test_the_matrix_page_and_its_htmx_region(login, stunting, send):
    send("desa-inan", stunting, FEB, when=at(2026, 3, 2))
    client = login("camat")
    url = reverse("village_reports:matrix") + f"?obligation={stunting.pk}&year=2026"
    page = client.get(url)
    assert page.status_code == 200 and "Desa Inan" in page.text and "<h1>" in page.text
    region = client.get(url, headers={"HX-Request": "true", "HX-Target": "matrix-results"})
    assert 'id="matrix-results"' in region.text and "<h1>" not in region.text
    inspector = login("kabupaten")
    assert inspector.get(url).status_code == 200


@pytest.mark.django_db
def test_the_matrix_and_stunting_exports_open_in_excel_with_their_types(login, stunting, send):
    send("desa-inan", stunting, FEB, when=at(2026, 3, 2))
    client = login("kesos")
    response = client.get(
        reverse("village_reports:matrix_export") + f"?obligation={stunting.pk}&year=2026"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Desa", "Jan 2026", "Feb 2026")
    inan = next(r for r in rows if r[0] == "Desa Inan")
    assert inan[2] == "tepat waktu" and isinstance(inan[-4], int)
    stunting_xlsx = client.get(reverse("village_reports:stunting_export") + "?month=2026-02")
    book = load_workbook(io.BytesIO(b"".join(stunting_xlsx.streaming_content)))
    villages = list(book["Desa"].iter_rows(values_only=True))
    assert villages[2][0] == "Desa Inan" and villages[2][1] == 120 and villages[2][-1] == 25.0
    trend = list(book["Tren"].iter_rows(values_only=True))
    assert isinstance(trend[2][0], dt.datetime)  # a real date, not text


@pytest.mark.django_db
def test_the_stunting_page_draws_its_charts_with_text_alternatives(login, stunting, send):
    send("desa-inan", stunting, FEB, when=at(2026, 3, 2))
    page = login("camat").get(reverse("village_reports:stunting") + "?month=2026-02")
    assert page.status_code == 200
    assert page.text.count('<svg class="chart-svg"') == 2
    assert "<desc" in page.text and "25,0%" in page.text


@pytest.mark.django_db
def test_reminders_seven_days_and_one_day_before_then_escalation_once(stunting, send):
    # February is due on 10 March 2026. Inan sent it; the 15 other villages did not.
    send("desa-inan", stunting, FEB, when=at(2026, 3, 2))
    mail.outbox.clear()
    with clock.frozen(at(2026, 3, 3, 7)):
        services.reports_remind()
        services.reports_remind()  # the scheduler ran twice: nothing is sent twice
    week = Notification.objects.filter(dedupe_key__endswith=":7")
    assert week.filter(dedupe_key__contains=f"{stunting.pk}:2026-02-01").count() == 15
    assert not week.filter(recipient__username="desa-inan").exists()
    with clock.frozen(at(2026, 3, 9, 7)):
        services.reports_remind()
    assert (
        Notification.objects.filter(
            dedupe_key=f"report-reminder:{stunting.pk}:2026-02-01:"
            f"{Submission.objects.get().village_id + 0}:1"
        ).count()
        == 0
    )  # Inan is never reminded
    assert Notification.objects.filter(
        recipient__username="desa-bungin", dedupe_key__endswith=":1"
    ).exists()
    with clock.frozen(at(2026, 3, 11, 7)):
        services.reports_remind()
        services.reports_remind()
    escalation = Notification.objects.filter(dedupe_key=f"report-overdue:{stunting.pk}:2026-02-01")
    assert {n.recipient.username for n in escalation} == {"kesos", "camat", "sekcam"}
    assert "Desa Bungin" in escalation.first().body
    # …and every mail went through the outbox, none sent twice.
    from apps.notifications.models import OutboxEmail

    keys = list(OutboxEmail.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) and any("report-overdue" in k for k in keys)


def api_for(username):
    from tests_support.factories import PASSWORD

    api = APIClient()
    token = api.post(
        "/api/v1/auth/token", {"username": username, "password": PASSWORD}, format="json"
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


@pytest.mark.django_db
def test_the_reports_api_lists_submits_and_reviews(stunting, apbdes, send):
    inan = api_for("desa-inan")
    obligations = inan.get("/api/v1/obligations").json()["results"]
    stunting_row = next(o for o in obligations if o["code"] == defaults.STUNTING)
    assert [f["code"] for f in stunting_row["figures"]][:2] == ["balita-diukur", "balita-stunting"]
    with clock.frozen(at(2026, 3, 2)):
        bad = inan.post(
            "/api/v1/report-submissions",
            {"obligation": stunting.pk, "period_start": "2026-02-01",
             "figures": {"balita-diukur": 10, "balita-stunting": 11, "balita-wasting": 0,
                         "balita-underweight": 0, "ibu-hamil-kek": 0}},
            format="json",
        )  # fmt: skip
        # Well formed but refused by a rule (stunting above measured): 422, as the API says.
        assert bad.status_code == 422 and "figure_balita-stunting" in bad.json()["errors"]
        made = inan.post(
            "/api/v1/report-submissions",
            {"obligation": stunting.pk, "period_start": "2026-02-01",
             "figures": {"balita-diukur": 10, "balita-stunting": 2, "balita-wasting": 0,
                         "balita-underweight": 1, "ibu-hamil-kek": 0}},
            format="json",
        )  # fmt: skip
    assert made.status_code == 201, made.json()
    data = made.json()
    assert data["status"] == "diajukan" and data["on_time"] is True
    assert data["figures"]["balita-stunting"] == "2"
    bungin = api_for("desa-bungin")
    assert bungin.get(f"/api/v1/report-submissions/{data['id']}").status_code == 404
    assert bungin.get("/api/v1/report-submissions").json()["count"] == 0
    kesos = api_for("kesos")
    assert kesos.get("/api/v1/report-submissions?status=diajukan").json()["count"] == 1
    pmd = api_for("pmd")
    url = f"/api/v1/report-submissions/{data['id']}/review/accept"
    assert pmd.post(url, {}, format="json").status_code == 403
    assert kesos.post(url, {}, format="json").json()["status"] == "diterima"
    assert kesos.post(url, {}, format="json").status_code == 409
    schema = kesos.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/obligations", "/api/v1/report-submissions",
                 "/api/v1/report-submissions/{id}/review/accept",
                 "/api/v1/report-submissions/{id}/review/return"):  # fmt: skip
        assert path in schema["paths"], path
    # Multipart with a document, as a phone app sends it.
    with clock.frozen(at(2026, 7, 20)):
        apbdes_made = inan.post(
            "/api/v1/report-submissions",
            {"obligation": apbdes.pk, "period_start": "2026-01-01", "files": [pdf()],
             "figures": '{"realisasi-pendapatan": 1, "realisasi-belanja": 1}'},
            format="multipart",
        )  # fmt: skip
    assert apbdes_made.status_code == 201, apbdes_made.json()
    assert apbdes_made.json()["files"][0]["name"] == "laporan.pdf"
