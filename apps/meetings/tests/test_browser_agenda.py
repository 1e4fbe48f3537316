"""The agenda end to end in real Chromium on a phone-sized page (as apps/core/tests/
test_browser.py): sekcam schedules a rapat koordinasi inviting three villages → desa-inan
sees and accepts the invitation → checks in through the QR link during the meeting → sekcam
writes the minutes with one decision owned by Desa Inan → desa-inan completes the action
item → the board shows it done."""

import datetime as dt
import re

from django.utils import timezone

from apps.core.tests import test_browser
from apps.core.tests.test_browser import log_in, navigate
from apps.meetings.models import Meeting

pytestmark = test_browser.pytestmark
browser = test_browser.browser
page = test_browser.page


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_coordination_meeting_from_invitation_to_a_completed_action_item(page):
    def as_user(username, path):
        page.context.clear_cookies()
        log_in(page, username)
        page.goto(page.base_url + path)

    start = timezone.now() + dt.timedelta(hours=2)
    as_user("sekcam", "/agenda/rapat/baru/")
    page.select_option("#id_kind", "rakor")
    page.fill("#id_title", "Rakor percepatan APBDes perubahan")
    page.fill("#id_starts_at", local(start))
    page.fill("#id_ends_at", local(start + dt.timedelta(hours=2)))
    page.select_option("#id_section", label="Seksi Pemerintahan")
    for village in ("Desa Inan", "Desa Bungin", "Kelurahan Batu Piring"):
        page.get_by_label(village, exact=True).check()
    page.fill("#id_agenda", "Paparan APBDes perubahan | Seksi PMD | 30")
    navigate(page, "button:has-text('Jadwalkan dan undang')")
    assert re.search(r"/agenda/rapat/\d+/$", page.url)
    meeting = Meeting.objects.get(title="Rakor percepatan APBDes perubahan")
    assert meeting.invitations.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    as_user("desa-inan", "/agenda/")
    invitations = page.locator("#invitations")
    assert "Rakor percepatan APBDes perubahan" in invitations.inner_text()
    navigate(page, "#invitations a")
    navigate(page, "button:has-text('Saya akan hadir')")
    assert "Akan hadir" in page.locator("#my-invitation").inner_text()

    # The live server keeps the real clock: the meeting begins now.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=1)
    )
    page.goto(f"{page.base_url}/agenda/rapat/{meeting.pk}/hadir/{meeting.checkin_token}/")
    navigate(page, "#check-in")
    assert "Kehadiran Anda tercatat" in page.locator("main").inner_text()
    assert "sudah hadir" in page.locator("#my-invitation").inner_text()

    as_user("sekcam", f"/agenda/rapat/{meeting.pk}/")
    page.click("#actions summary:has-text('Catat notulen')")
    page.fill("#id_minutes", "### Kesepakatan\n\n- Desa menyusun rancangan APBDes perubahan.")
    page.fill("#id_d-action", "Kirim rancangan APBDes perubahan")
    page.select_option("#id_d-owner_kind", "desa")
    page.select_option("#id_d-owner_village", label="Desa Inan")
    page.fill("#id_d-due_date", (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    navigate(page, "button:has-text('Simpan notulen')")
    assert "Notulen tercatat" in page.locator("main").inner_text()
    assert "Kirim rancangan APBDes perubahan" in page.locator("#decisions").inner_text()

    as_user("desa-inan", "/tindak-lanjut/")
    item = page.locator("#follow-ups li", has_text="Kirim rancangan APBDes perubahan")
    item.locator("summary").click()
    item.locator("textarea[name=note]").fill("Rancangan sudah dikirim ke Seksi Pemerintahan.")
    navigate(page, "#follow-ups li button[type=submit]")
    page.goto(page.base_url + "/tindak-lanjut/?status=selesai")
    done = page.locator("#follow-ups li", has_text="Kirim rancangan APBDes perubahan")
    assert "Selesai" in done.inner_text()
    assert "Rancangan sudah dikirim" in done.inner_text()
