"""The public Atom feed of current alerts (scope Public): each entry links to its CAP 1.2
document, the form alert aggregators read."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.utils.translation import gettext as _

from . import selectors
from .cap import CONTENT_TYPE
from .cap.build import sender_of


class CapAtomFeed(Atom1Feed):
    """Atom, with each entry's link typed as a CAP document."""

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement(
            "link",
            "",
            {"href": item["link"], "rel": "alternate", "type": CONTENT_TYPE.split(";")[0]},
        )
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        if item["pubdate"] is not None:
            handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        handler.startElement("author", {})
        handler.addQuickElement("name", item["author_name"])
        handler.endElement("author")
        handler.addQuickElement("id", item["unique_id"])
        handler.addQuickElement("summary", item["description"])
        for category in item["categories"]:
            handler.addQuickElement("category", "", {"term": category})


class CurrentAlertsFeed(Feed):
    feed_type = CapAtomFeed
    language = "id"

    def __call__(self, request, *args, **kwargs):
        # The feed is in the product's language (Indonesian) for every reader.
        with translation.override(settings.LANGUAGE_CODE):
            response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=60"
        return response

    def title(self):
        return _("RUKO PARSEL: current early warnings")

    def link(self):
        return reverse("public:landing")

    def feed_url(self):
        return reverse("alerts:feed")

    def subtitle(self):
        return _("Public alerts of the sub-district offices, as CAP 1.2 documents.")

    def items(self):
        return selectors.feed_alerts()

    def item_title(self, alert):
        label = _("CANCELLED") + ": " if alert.status == "dibatalkan" else ""
        return f"{label}{alert.get_hazard_display()}: {alert.headline}"

    def item_description(self, alert):
        return f"{alert.get_severity_display()}. {alert.description}"

    def item_link(self, alert):
        return reverse("api:alert_cap", args=[alert.pk])

    def item_guid(self, alert):
        message = alert.latest_messages[0]
        return f"urn:cap:{sender_of(alert.office)}:{message.identifier}"

    def item_updateddate(self, alert):
        return alert.last_message_at

    def item_pubdate(self, alert):
        return alert.issued_at

    def item_author_name(self, alert):
        return alert.office.name

    def item_categories(self, alert):
        return [alert.hazard, alert.category]
