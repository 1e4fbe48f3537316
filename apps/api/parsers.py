"""Request parsers that answer a bad body with a 4xx instead of a 500: a body over
DATA_UPLOAD_MAX_MEMORY_SIZE or with too many files or fields is 413, JSON nested too deep
to parse or carrying text that cannot be stored (lone surrogates) is 400."""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .exceptions import PayloadTooLarge

TOO_MANY = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def read_limited(stream) -> bytes:
    """The whole body, refused (413) past DATA_UPLOAD_MAX_MEMORY_SIZE."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if stream is None:
        return b""
    body = stream.read(limit + 1) if limit is not None else stream.read()
    if limit is not None and len(body) > limit:
        raise PayloadTooLarge()
    return body


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        body = read_limited(stream)
        try:
            text = body.decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
            # A lone surrogate ("\ud800") is valid JSON but no database can store it.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError as error:
            raise ParseError(_("The JSON body is nested too deeply.")) from error
        except (ValueError, UnicodeError) as error:
            raise ParseError(_("The body is not valid JSON.")) from error
        return data


def _refuse_constant(name):
    raise ValueError(f"{name} is not valid JSON")


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        body = read_limited(stream)
        try:
            return QueryDict(body, encoding=encoding)
        except TOO_MANY as error:
            raise PayloadTooLarge() from error


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except TOO_MANY as error:
            raise PayloadTooLarge() from error
