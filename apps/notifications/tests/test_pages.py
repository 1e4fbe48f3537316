"""The notifications pages: where their links may lead."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_notification_links_never_lead_off_the_site(login):
    client = login("camat")
    response = client.post(reverse("notifications:read"), {"next": "https://jahat.example/"})
    assert response["Location"] == reverse("notifications:list")
    inside = client.post(reverse("notifications:read"), {"next": "/permasalahan/"})
    assert inside["Location"] == "/permasalahan/"


@pytest.mark.django_db
def test_a_notification_id_past_64_bits_marks_nothing_instead_of_a_500(login):
    """Found by the repeat attack."""
    response = login("camat").post("/notifikasi/baca/", {"notification": "9" * 25})
    assert response.status_code == 302
