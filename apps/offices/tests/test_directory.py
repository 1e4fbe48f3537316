"""Choices drawn from an office's directory are listed once per version and again after any
change to it: a section added, an agency renamed, an officer's name changed or role ended."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.offices.directory import use_directory_choices
from apps.offices.models import Agency, Office, Section


def listed(office, name, queryset):
    field = forms.ModelChoiceField(queryset=None)
    office = Office.objects.get(pk=office.pk)  # read with the office, as each request does
    with CaptureQueriesContext(connection) as queries:
        use_directory_choices(field, office=office, name=name, queryset=queryset)
    return [label for _value, label in field.widget.choices][1:], len(queries)


@pytest.mark.django_db
def test_sections_are_listed_once_and_again_after_a_change(office):
    sections = office.sections.filter(is_active=True)
    first, queries = listed(office, "sections", sections)
    assert queries == 1 and "Seksi Pemberdayaan Masyarakat dan Desa" in first
    assert listed(office, "sections", sections)[1] == 0  # from the cache

    Section.objects.create(office=office, name="Seksi Baru", short_name="BARU", order=99)
    again, queries = listed(office, "sections", sections)
    assert queries == 1 and "Seksi Baru" in again

    agency = Agency.objects.filter(office=office).first()
    agency.short_name = "DINAS-BARU"
    agency.save()
    agencies = office.agencies.filter(is_active=True)
    assert "DINAS-BARU" in listed(office, "agencies", agencies)[0]


@pytest.mark.django_db
def test_an_officer_renamed_or_gone_is_listed_so_on_the_next_load(office):
    officers = scope.office_officer_users(office)
    pmd = Membership.objects.get(office=office, section__short_name="PMD", is_active=True)
    assert pmd.user.get_full_name() in listed(office, "officers", officers)[0]

    pmd.user.full_name = "Nama Petugas Baru"
    pmd.user.save(update_fields=["full_name"])
    assert "Nama Petugas Baru" in listed(office, "officers", officers)[0]

    pmd.user.save(update_fields=["last_login"])  # a login changes nothing that is listed
    assert listed(office, "officers", officers)[1] == 0

    pmd.is_active = False
    pmd.save()
    assert "Nama Petugas Baru" not in listed(office, "officers", officers)[0]


@pytest.mark.django_db
def test_an_office_saved_from_an_older_copy_never_turns_its_version_back(office):
    older = Office.objects.get(pk=office.pk)
    Section.objects.create(office=office, name="Seksi Lain", short_name="LAIN", order=98)
    bumped = Office.objects.get(pk=office.pk).directory_version
    assert bumped > older.directory_version
    older.address = "Jl. A. Yani Km 3"
    older.save()
    again = Office.objects.get(pk=office.pk)
    assert again.address == "Jl. A. Yani Km 3"
    assert again.directory_version == bumped + 1  # the save is a change of its own
