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
