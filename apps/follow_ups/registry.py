"""The sources of follow-ups: what the apps above (cases, meetings) register in their
`AppConfig.ready()`, so that this app names, links and checks their items without importing
them.

A source kind loads its objects in one query for a page of items (`load`), names and links
one (`reference`, `title`, `url`), says who else may complete an item on it beyond its owner and the
office's leaders (`may_complete`), and whom to tell when an item changes (`concerned`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceKind:
    label: str  # "Case", "Meeting": the board's source filter and column
    load: Callable[[Iterable[str]], dict[str, object]]  # source objects by id, one query
    reference: Callable[[object], str]  # short, before a notification: "PRS-2026-00042"
    title: Callable[[object], str]  # on the board: "PRS-2026-00042 · Pendampingan…"
    url: Callable[[object], str]  # where the item is shown on its source's page
    may_complete: Callable[..., bool]  # (membership, source, follow_up) beyond owner/leaders
    concerned: Callable[[object], list]  # people to tell about an item on this source
    # The sources a person may refer to from elsewhere (a village links one of its own
    # cases to a consultation): [(id, title)].
    linkable: Callable[..., list] | None = None


SOURCES: dict[str, SourceKind] = {}


def register_source(key: str, kind: SourceKind) -> None:
    """Offer a source kind under `key` (the `FollowUp.source_type` of its items)."""
    if key in SOURCES and SOURCES[key] != kind:
        raise ValueError(f"follow-up source {key!r} is registered twice")
    SOURCES[key] = kind


def source_choices() -> list[tuple[str, str]]:
    return [(key, kind.label) for key, kind in SOURCES.items()]


def load_sources(items) -> None:
    """Set `source`, `source_title` and `source_url` on each item: one query per source
    kind present, whatever the number of items."""
    ids: dict[str, set[str]] = {}
    for item in items:
        ids.setdefault(item.source_type, set()).add(item.source_id)
    loaded = {
        key: SOURCES[key].load(sorted(wanted)) if key in SOURCES else {}
        for key, wanted in ids.items()
    }
    for item in items:
        source = loaded.get(item.source_type, {}).get(item.source_id)
        kind = SOURCES.get(item.source_type)
        item.source = source
        item.source_title = kind.title(source) if source is not None else ""
        item.source_url = kind.url(source) if source is not None else ""
        item.source_label = kind.label if kind else item.source_type


def linkable_sources(key: str, membership) -> list[tuple[str, str]]:
    kind = SOURCES.get(key)
    return kind.linkable(membership) if kind is not None and kind.linkable else []


def source_title(key: str, source_id) -> str:
    """The title of one source, or "" when it is gone or unknown."""
    kind = SOURCES.get(key)
    if kind is None or not source_id:
        return ""
    found = kind.load([str(source_id)]).get(str(source_id))
    return kind.title(found) if found is not None else ""
