"""CAP 1.2 (OASIS Common Alerting Protocol) in and out: `build` writes the document of an
alert's message, `parse` reads another authority's message with a hardened parser and
checks it against the schema in this folder (`CAP-v1.2.xsd`, see NOTICE.md)."""

from pathlib import Path

NS = "urn:oasis:names:tc:emergency:cap:1.2"
XSD_PATH = Path(__file__).resolve().parent / "CAP-v1.2.xsd"
CONTENT_TYPE = "application/cap+xml; charset=utf-8"
# How a village is named in a geocode: its Kemendagri code (63.11.07.2003).
GEOCODE_NAME = "kemendagri"
HAZARD_CODE_NAME = "ruko-parsel:hazard"
