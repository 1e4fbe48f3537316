from django.conf import settings
from django.shortcuts import render

from apps.offices.models import Office, Village


def landing(request):
    """What RUKO PARSEL is, for anyone: villages, citizens and visitors."""
    offices = Office.objects.filter(is_active=True).select_related("region__parent")
    # The installation's own office (RUKO_PUBLIC_OFFICE, a Kemendagri code) speaks on the
    # public page; a regency-wide installation without one shows its first office.
    office = offices.filter(region__code=settings.RUKO_PUBLIC_OFFICE).first() or offices.first()
    villages = Village.objects.filter(office=office).order_by("kind", "name") if office else []
    return render(request, "public/landing.html", {"office": office, "villages": villages})
