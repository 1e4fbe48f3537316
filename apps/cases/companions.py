"""What higher apps show beside the case submit form and on the case page: registries.

The knowledge base shows "answers that may help" while a village types its problem. It is a
layer above the cases, so the cases never import it: it registers a companion here from its
`AppConfig.ready()`, and the submit page gives each companion a region that htmx fills from
the companion's URL with the fields it names, as the person types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubmitCompanion:
    key: str  # the region's id: `companion-<key>`
    url_name: str  # answers GET with the named fields; returns a fragment of HTML
    fields: tuple[str, ...]  # the submit form's fields it reads
    label: str = ""  # the words of the fallback link
    fallback_url_name: str = ""  # a real page for a browser without JavaScript


SUBMIT_COMPANIONS: dict[str, SubmitCompanion] = {}


def register_submit_companion(companion: SubmitCompanion) -> None:
    SUBMIT_COMPANIONS[companion.key] = companion


def submit_companions() -> list[SubmitCompanion]:
    return list(SUBMIT_COMPANIONS.values())


@dataclass(frozen=True)
class CaseLink:
    """A link a higher app adds to the case page ("Publish the answer in the knowledge
    base"), shown when `shown(membership, case)` says so."""

    key: str
    label: str
    url_name: str  # reversed with the case's id
    shown: Callable[..., bool]


CASE_LINKS: dict[str, CaseLink] = {}


def register_case_link(link: CaseLink) -> None:
    CASE_LINKS[link.key] = link


def case_links_for(membership, case) -> list[dict]:
    from django.urls import reverse

    return [
        {"label": link.label, "url": reverse(link.url_name, args=[case.pk])}
        for link in CASE_LINKS.values()
        if link.shown(membership, case)
    ]
