"""Which addresses a browser may open with GET, and the page to go to instead of one it may not.

A form's address (a comment, a step, a token) answers only POST: opened by hand, from the
history, or as the `next` of a login after a session expired in the middle of a form, it would
answer 405. The login sends the person to the object's page instead (`page_for`), and the 405
page links to it.
"""

from __future__ import annotations

from django.urls import Resolver404, resolve


def allows_get(view) -> bool:
    """Whether a resolved view answers GET. Class-based views name their methods; Django's
    `require_http_methods` (`require_POST`…) keeps its list in the wrapper's closure, which
    `functools.wraps` links through `__wrapped__`."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "get" in view_class.http_method_names and hasattr(view_class, "get")
    func = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return "GET" in cell.cell_contents
        func = getattr(func, "__wrapped__", None)
    return True


def path_allows_get(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return allows_get(match.func)


def page_for(path: str) -> str | None:
    """The address itself when it answers GET, else the nearest address above it that does
    (`/permasalahan/X/komentar/` → `/permasalahan/X/`); None when none does but the root."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    while path not in ("", "/"):
        if path_allows_get(path):
            return path
        path = path.rstrip("/").rsplit("/", 1)[0] + "/"
    return None
