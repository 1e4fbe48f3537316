from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "georeport_format")

app_name = "open311"

urlpatterns = [
    path("discovery.<georeport_format:fmt>", views.discovery, name="discovery"),
    path("v2/services.<georeport_format:fmt>", views.services_list, name="services"),
    path(
        "v2/services/<str:code>.<georeport_format:fmt>",
        views.service_definition,
        name="service",
    ),
    path("v2/requests.<georeport_format:fmt>", views.requests, name="requests"),
    path("v2/requests/<str:key>.<georeport_format:fmt>", views.request_detail, name="request"),
    path("v2/tokens/<str:token>.<georeport_format:fmt>", views.token_detail, name="token"),
]
