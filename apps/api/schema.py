"""The OpenAPI document is the contract (checked by scripts/api-contract): every operation
declares each status it may answer, each error with the one `Error` body."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated

from .authentication import BearerTokenAuthentication
from .permissions import MAX_ID, MEMBERSHIP_HEADER, HasMembership


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token from POST /api/v1/auth/token; revoke with DELETE.",
        }


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API (see apps/api/exceptions.py for the statuses)."""

    detail = serializers.CharField(help_text=_("What went wrong, in the caller's language."))
    code = serializers.CharField(
        help_text=_("A stable code: invalid, not_authenticated, not_found, conflict, …")
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Messages per field at fault; nested fields are dotted (`items.0.name`)."),
    )

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: _("The request does not have the documented shape: see `errors`."),
    401: _("No valid bearer token (or session)."),
    403: _("Your role may not do this, or `X-Ruko-Membership` names no active role of yours."),
    404: _("No such object, or one you may not see."),
    409: _("Not possible in the object's current state."),
    413: _("The body is too large or carries too many files."),
    415: _("A content type this operation does not take."),
    422: _("Well formed, but refused by a rule: see `errors`."),
    429: _("Too many failed logins: try again later."),
}

# The 422 of every write whose service applies rules no schema can say; each view names its
# own 404 and 409 (what is missing, which state), the rest come from ERROR_DESCRIPTIONS.
REFUSED = OpenApiResponse(
    description="Well formed, but refused by a rule: an id that names nothing in this office, "
    "a file that is not an accepted document, a date in the past"
)


def not_found(what: str) -> OpenApiResponse:
    return OpenApiResponse(description=f"No such {what}, or you may not see it")


def conflict(description: str) -> OpenApiResponse:
    return OpenApiResponse(description=description)


MEMBERSHIP_PARAMETER = OpenApiParameter(
    MEMBERSHIP_HEADER,
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.HEADER,
    required=False,
    description=_(
        "Act through this role (an id from GET /api/v1/me); default: your first role. "
        "Not a positive whole number: 400; not an active role of yours: 403."
    ),
)


# What DRF's CharField accepts, said in the schema: never a NUL character and, unless blank is
# allowed, something besides whitespace (Python's whitespace, which is trimmed, includes the
# separators U+001C–U+001F and U+0085 that ECMA's \s does not).
ANY_TEXT = r"^[^\u0000]*$"
SOME_TEXT = r"^[^\u0000]*[^\s\u0000\u001c-\u001f\u0085][^\u0000]*$"


class RukoAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.DecimalField)
            and schema.get("format") == "decimal"
            and field.max_whole_digits
        ):
            # drf-spectacular's pattern also matches "", "-" and ".", which DRF refuses:
            # a number has a digit.
            whole, places = field.max_whole_digits, field.decimal_places
            number = rf"\d{{1,{whole}}}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}}"
            schema["pattern"] = rf"^-?(?:{number})$"
            return schema
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and not {"pattern", "format", "enum"} & set(schema)
        ):
            blank_ok = field.allow_blank or not field.trim_whitespace
            schema["pattern"] = ANY_TEXT if blank_ok else SOME_TEXT
        return schema

    def _permissions(self):
        return self.view.get_permissions() if hasattr(self.view, "get_permissions") else []

    def _reads_token(self) -> bool:
        authenticators = getattr(self.view, "get_authenticators", lambda: [])()
        return any(isinstance(a, BearerTokenAuthentication) for a in authenticators)

    def _acts_through_membership(self) -> bool:
        return any(isinstance(p, HasMembership) for p in self._permissions())

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._acts_through_membership():
            parameters.append(MEMBERSHIP_PARAMETER)
        return parameters

    def _error_codes(self) -> set[int]:
        codes = set()
        permissions = self._permissions()
        if any(isinstance(p, (HasMembership, IsAuthenticated)) for p in permissions):
            codes.add(401)
        if self._reads_token():
            codes.add(401)  # even where none is needed, a token sent must be a valid one
        if self._acts_through_membership():
            codes |= {400, 403}
        if "{" in self.path:
            codes.add(404)
        if self._is_list_view():
            codes.add(400)
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer():
            codes |= {400, 413, 415}
            if self._acts_through_membership():
                # Every service checks what no schema says (a length in characters, an id of
                # this office, a time still to come): a body that passes the shape may still
                # be refused by a rule.
                codes.add(422)
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in sorted(self._error_codes() | {int(c) for c in responses if c.isdigit()}):
            if code < 400:
                continue
            present = responses.get(str(code))
            if present is not None and "content" in present:
                continue
            description = (present or {}).get("description") or ERROR_DESCRIPTIONS.get(code, "")
            responses[str(code)] = self._get_response_for_code(
                OpenApiResponse(response=ErrorSerializer, description=description), str(code)
            )
        return dict(sorted(responses.items()))
