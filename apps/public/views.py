from django.shortcuts import render

from apps.offices.models import Office, Village


def landing(request):
    """What RUKO PARSEL is, for anyone: villages, citizens and visitors."""
    office = Office.objects.filter(is_active=True).select_related("region__parent").first()
    villages = Village.objects.filter(office=office).order_by("kind", "name") if office else []
    return render(request, "public/landing.html", {"office": office, "villages": villages})
