"""What higher apps add to the account pages, filled in their `AppConfig.ready()`.

`accounts` sits below the domain apps and the front doors, so it never imports them; an app
that has something to show on a person's profile page registers a panel here instead.
"""

from collections.abc import Callable

from django.http import HttpRequest

# Each panel takes the request and returns safe HTML (usually `render_to_string(...)`).
PROFILE_PANELS: list[Callable[[HttpRequest], str]] = []


def register_profile_panel(panel: Callable[[HttpRequest], str]) -> None:
    if panel not in PROFILE_PANELS:
        PROFILE_PANELS.append(panel)


# Each hook takes the person whose password changed and returns facts for the audit entry.
PASSWORD_CHANGED_HOOKS: list[Callable[..., dict]] = []


def register_password_changed_hook(hook: Callable[..., dict]) -> None:
    if hook not in PASSWORD_CHANGED_HOOKS:
        PASSWORD_CHANGED_HOOKS.append(hook)


# Each seeder takes `office=` and adds a domain's demo data after the demo accounts exist.
DEMO_SEEDERS: list[Callable[..., object]] = []


def register_demo_seeder(seeder: Callable[..., object]) -> None:
    if seeder not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(seeder)
