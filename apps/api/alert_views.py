"""Early-warning endpoints: the same policy, selectors and services as the pages."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import policy as scope
from apps.alerts import policy, selectors, services
from apps.alerts.cap import CONTENT_TYPE
from apps.alerts.models import Alert
from apps.core.errors import NotAllowed

from . import alert_serializers as s
from .case_views import IDEMPOTENCY_PARAMETER, idempotency_header
from .exceptions import Unprocessable
from .permissions import MEMBERSHIP_HEADER, api_membership
from .schema import MEMBERSHIP_PARAMETER, REFUSED, conflict, not_found
from .strict import as_filter_data, filtered, query, validated

ALERT_NOT_FOUND = not_found("alert")


def _context(request, alert=None, **extra) -> dict:
    membership = api_membership(request)
    context = {"membership": membership, "is_village": scope.is_village_official(membership)}
    if alert is not None:
        context["delivery"] = policy.delivery_of(membership, alert)
    return {**context, **extra}


def _alert_response(request, alert, code=status.HTTP_200_OK):
    membership = api_membership(request)
    alert = policy.alert_get_for(membership, pk=alert.pk)
    board = selectors.alert_board(alert=alert) if policy.sees_board(membership, alert) else None
    return Response(
        s.AlertDetailSerializer(alert, context=_context(request, alert, board=board)).data,
        status=code,
    )


class AlertList(generics.ListAPIView):
    """Alerts the caller may see: the live ones by default (`stage=ended` for the ended,
    `stage=draft` for an issuer's drafts; `hazard` filters). A village official sees only
    the alerts addressed to their village, with its own acknowledgement."""

    serializer_class = s.AlertSerializer

    def get_queryset(self):
        data = as_filter_data(query(s.AlertListQuerySerializer, self.request))
        data.setdefault("stage", "live")
        filters, qs = selectors.alert_list_for(membership=api_membership(self.request), data=data)
        return filtered(filters, qs)  # drafts for one who does not issue alerts: none

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **_context(self.request)}

    @extend_schema(parameters=[s.AlertListQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AlertDetail(APIView):
    @extend_schema(responses={200: s.AlertDetailSerializer, 404: ALERT_NOT_FOUND})
    def get(self, request, pk):
        return _alert_response(request, policy.alert_get_for(api_membership(request), pk=pk))


class AlertAcknowledge(APIView):
    """A village official acknowledges the alert with the village's state; once
    acknowledged, the same call reports a later change of state (kept as history)."""

    @extend_schema(
        request=s.AcknowledgeSerializer,
        responses={
            200: s.AlertDetailSerializer,
            404: ALERT_NOT_FOUND,
            409: conflict("The alert is no longer live, or was withdrawn from your village"),
            422: REFUSED,
        },
    )
    def post(self, request, pk):
        membership = api_membership(request)
        alert = policy.alert_get_for(membership, pk=pk)
        delivery = policy.delivery_of(membership, alert)
        if delivery is None:
            raise NotAllowed(_("Only the villages the alert was sent to acknowledge it."))
        data = validated(s.AcknowledgeSerializer, request)
        delivery.alert = alert
        if delivery.is_pending:
            services.delivery_acknowledge(acting=membership, delivery=delivery, **data)
        else:
            services.delivery_report_state(acting=membership, delivery=delivery, **data)
        return _alert_response(request, alert)


class AlertCap(APIView):
    """The alert's CAP 1.2 document: the latest message as published (issue, update or
    cancellation). Public alerts for anybody; restricted ones and drafts (status Draft) for
    those who may see the alert."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            (200, "application/cap+xml"): OpenApiTypes.STR,
            400: OpenApiResponse(description="`X-Ruko-Membership` is not a positive number"),
            403: OpenApiResponse(description="`X-Ruko-Membership` names no active role of yours"),
            404: ALERT_NOT_FOUND,
        },
        parameters=[MEMBERSHIP_PARAMETER],
        auth=[],
    )
    def get(self, request, pk):
        if MEMBERSHIP_HEADER in request.headers:
            api_membership(request)  # a role named is checked, even for a public alert
        alert = Alert.objects.select_related("office").filter(pk=pk).first()
        if alert is None:
            raise NotFound()
        if not selectors.cap_public(alert):
            # Not public: the same rule as the alert's page (404 for everyone else).
            alert = policy.alert_get_for(api_membership(request), pk=pk)
        message = selectors.latest_message(alert)
        if message is not None:
            document = message.xml.encode("utf-8")
        else:
            document = selectors.cap_draft_document(alert)
        response = HttpResponse(document, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{alert.code}.xml"'
        response["Cache-Control"] = (
            "public, max-age=60" if selectors.cap_public(alert) else "private"
        )
        return response


class IncidentListCreate(generics.ListAPIView):
    """Incident reports the caller may see (`status`, `village`, `hazard` filter);
    village officials (and Trantib, for a village) report one with POST."""

    serializer_class = s.IncidentSerializer

    def get_queryset(self):
        data = as_filter_data(query(s.IncidentListQuerySerializer, self.request))
        filters, qs = selectors.incident_list_for(
            membership=api_membership(self.request), data=data
        )
        return filtered(filters, qs)  # a village the caller may not see: none

    @extend_schema(parameters=[s.IncidentListQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.IncidentCreateSerializer,
        responses={
            201: s.IncidentSerializer,
            200: OpenApiResponse(
                s.IncidentSerializer,
                description="The report made earlier with this idempotency key",
            ),
            422: REFUSED,
        },
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request):
        membership = api_membership(request)
        if not policy.can_report_incident(membership):  # the role before the body
            raise NotAllowed(_("Incident reports come from villages and the Trantib section."))
        data = validated(s.IncidentCreateSerializer, request)
        villages = policy.incident_villages_for(membership)
        village_id = data.get("village") or getattr(membership, "village_id", None)
        village = villages.filter(pk=village_id).first() if village_id else None
        if village is None:
            raise Unprocessable({"village": [_("Choose your own village.")]})
        alert = None
        if data.get("alert"):
            alert = policy.alerts_for(membership).filter(pk=data["alert"]).first()
            if alert is None:
                raise Unprocessable(
                    {"alert": [_("Choose an alert that was sent to this village.")]}
                )
        result = services.incident_report(
            acting=membership,
            values=services.IncidentInput(
                village=village,
                hazard=data["hazard"],
                occurred_at=data["occurred_at"],
                place=data["place"],
                description=data["description"],
                people_affected=data["people_affected"],
                people_displaced=data["people_displaced"],
                houses_damaged=data["houses_damaged"],
                facilities_damaged=data["facilities_damaged"],
                needs=data["needs"],
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                alert=alert,
            ),
            idempotency_key=data["idempotency_key"] or idempotency_header(request),
        )
        incident = policy.incident_get_for(membership, pk=result.incident.pk)
        return Response(
            s.IncidentSerializer(incident).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class IncidentDetail(APIView):
    @extend_schema(responses={200: s.IncidentSerializer, 404: not_found("incident report")})
    def get(self, request, pk):
        return Response(
            s.IncidentSerializer(policy.incident_get_for(api_membership(request), pk=pk)).data
        )


class ReadinessDetail(APIView):
    """A village's readiness: contacts, evacuation points, assets and the checklist."""

    @extend_schema(responses={200: s.ReadinessSerializer, 404: not_found("village")})
    def get(self, request, village):
        found = policy.readiness_villages_for(api_membership(request)).filter(pk=village).first()
        if found is None:
            raise NotFound()
        readiness = selectors.village_readiness(village=found)
        return Response(
            s.ReadinessSerializer(
                {
                    "village": {"id": found.pk, "name": str(found)},
                    "level": readiness.row.level,
                    "review_due": readiness.row.review_due,
                    "contacts": readiness.contacts,
                    "evacuation_points": readiness.points,
                    "assets": readiness.assets,
                    "checklist": [
                        {
                            "item": value,
                            "label": str(label),
                            "in_place": bool(check and check.in_place),
                            "note": check.note if check else "",
                            "reviewed_on": check.reviewed_on if check else None,
                        }
                        for value, label, check in readiness.checklist
                    ],
                }
            ).data
        )
