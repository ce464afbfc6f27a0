from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from emulation_cluster.markdown import markdown_text
from models_registry.models import ExemplaryModel

FEED_SIZE = 30


class LatestModelsFeed(Feed):
    """The newest published models that the reader may see (most readers are anonymous)."""

    feed_type = Atom1Feed
    title = _("Emulation Cluster No. 1: latest exemplary models")
    subtitle = _("Exemplary models newly published by the member units.")
    link = reverse_lazy("model_list")

    def get_object(self, request, *args, **kwargs):
        return request.user

    def items(self, user):
        return (
            ExemplaryModel.objects.listed_for(user)
            .select_related("owner_unit")
            .order_by("-published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return markdown_text(item.summary)

    def item_author_name(self, item):
        return item.owner_unit.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
