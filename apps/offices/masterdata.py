"""The kinds of master data an office admin edits on the *Kelola* pages: a registry.

`offices` registers its own kinds (sections, categories, agencies, villages, service levels,
calendar). A domain app registers the kinds it owns from its `AppConfig.ready()` (the cases
register their response templates), so this lower app never imports a higher one. The
pages that list and edit them read only this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from . import forms as office_forms
from .models import Agency, Category, Holiday, Section, SlaRule, Urgency, Village


@dataclass(frozen=True)
class MasterKind:
    model: type
    form: type[forms.ModelForm]
    title: str
    columns: tuple[str, ...]
    can_create: bool = True
    # What an empty value means in a column, where "—" would mislead.
    blank_labels: tuple[tuple[str, str], ...] = ()
    # The form takes the office (for choices limited to it).
    form_needs_office: bool = False
    # How the rows are ordered on the list page, when the model's ordering is not enough.
    sort_key: Callable | None = None


MASTER_KINDS: dict[str, MasterKind] = {}

# What a domain gives every new office (its default obligation types, …): each hook takes
# `office=` and `actor=`, is idempotent, and runs at the end of `office_setup`.
OFFICE_SETUP_HOOKS: list[Callable[..., object]] = []
# The same for many new offices at once (`offices_setup_many`): `bulk(offices=, actor=)` makes
# exactly the rows and audit entries `hook` would make for each of them, in a few queries. A
# hook without one is called office by office there.
OFFICE_SETUP_BULK_HOOKS: dict[Callable[..., object], Callable[..., object]] = {}


def register_office_setup_hook(
    hook: Callable[..., object], *, bulk: Callable[..., object] | None = None
) -> None:
    if hook not in OFFICE_SETUP_HOOKS:
        OFFICE_SETUP_HOOKS.append(hook)
    if bulk is not None:
        OFFICE_SETUP_BULK_HOOKS[hook] = bulk


def register_master_kind(key: str, kind: MasterKind) -> None:
    """Offer a kind on the Kelola pages under `/kelola/<key>/`."""
    if key in MASTER_KINDS and MASTER_KINDS[key] != kind:
        raise ValueError(f"master-data kind {key!r} is registered twice")
    MASTER_KINDS[key] = kind


def _sla_order(rule):
    """All categories first, then by urgency from darurat down."""
    order = {value: i for i, value in enumerate(Urgency.values)}
    return (rule.category_id is not None, str(rule.category or ""), order[rule.urgency])


register_master_kind(
    "seksi",
    MasterKind(
        Section, office_forms.SectionForm, _("Sections"), ("short_name", "name", "is_active")
    ),
)
register_master_kind(
    "kategori",
    MasterKind(
        Category,
        office_forms.CategoryForm,
        _("Problem categories"),
        ("name", "default_section", "is_active"),
        form_needs_office=True,
    ),
)
register_master_kind(
    "opd",
    MasterKind(
        Agency,
        office_forms.AgencyForm,
        _("Regency agencies (OPD)"),
        ("short_name", "name", "is_active"),
    ),
)
register_master_kind(
    "desa",
    MasterKind(
        Village,
        office_forms.VillageForm,
        _("Villages"),
        ("name", "kind", "head_name", "phone"),
        can_create=False,
    ),
)
register_master_kind(
    "layanan",
    MasterKind(
        SlaRule,
        office_forms.SlaRuleForm,
        _("Service levels (working days)"),
        ("category", "urgency", "verify_days", "answer_days"),
        blank_labels=(("category", _("All categories")),),
        form_needs_office=True,
        sort_key=_sla_order,
    ),
)
register_master_kind(
    "kalender",
    MasterKind(
        Holiday,
        office_forms.HolidayForm,
        _("Office calendar (cuti bersama, local holidays)"),
        ("date", "name", "kind"),
    ),
)
