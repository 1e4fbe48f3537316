"""GeoReport v2 documents in JSON and XML, from one description of each document.

A document is built once as plain Python values: a list of dicts (or a dict), nested lists
for repeated children. JSON writes it as it is; XML wraps the list in the spec's root and item
element names (`<services><service>…`, `<service_requests><request>…`)."""

from __future__ import annotations

import json
import re
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from lxml import etree

JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"

# The element name of one item inside each repeated container, as the spec writes them.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "keywords": "keyword",
}


def when(value: datetime | None) -> str | None:
    """ISO 8601 with the offset of the office's time zone (the spec requires one)."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF): a
# text typed with one must not break a whole listing.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else NOT_XML.sub("", str(value))


def _append(parent, name: str, value) -> None:
    element = etree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, list):
        item = ITEM.get(name, name.rstrip("s"))
        for child in value:
            _append(element, item, child)
    else:
        element.text = _text(value)


def render(document, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """`document` as JSON or XML (`fmt` is "json" or "xml"); `root` names the XML root."""
    if fmt == "json":
        body = json.dumps(document, ensure_ascii=False)
        return HttpResponse(body, content_type=JSON, status=status)
    tree = etree.Element(root)
    if isinstance(document, list):
        item = ITEM[root]
        for entry in document:
            _append(tree, item, entry)
    else:
        for key, value in document.items():
            _append(tree, key, value)
    body = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type=XML, status=status)


def errors(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error document: a list of {code, description}, the code being the status."""
    return render(
        [{"code": status, "description": str(description)}], fmt, root="errors", status=status
    )
