"""Open311 GeoReport v2: the standard door for civic apps (see docs/open311.md).

Services are an office's categories; service requests are cases (sent with a village
official's API token) and citizens' aspirations (sent with any other token, or looked up by
their tracking code). JSON and XML, statuses mapped to `open`/`closed`, times in ISO 8601
with the office's offset. Nothing private leaves through it: a request is shown only to
whom the case policy shows the case, or to the holder of the aspiration's tracking code."""
