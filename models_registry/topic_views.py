"""``/quan-tri-cum/chu-de/``: the cluster's administrators keep the list of topics."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.administration.views.access import cluster_administrators
from emulation_cluster.administration.views.entries import entry_deleted, entry_page
from emulation_cluster.pages import form_data
from models_registry import topics
from models_registry.forms import TopicForm
from models_registry.models import Topic


@cluster_administrators
def topic_list(request):
    rows = Topic.objects.annotate(uses=Count("models", distinct=True))
    return render(request, "models_registry/topic_list.html", {"rows": rows})


def _topic_page(request, topic=None):
    initial = None if topic is None else {"name": topic.name, "name_en": topic.name_en}
    form = TopicForm(form_data(request), initial=initial)
    return entry_page(
        request,
        form=form,
        write=lambda: topics.topic_save(topic=topic, **form.topic_data(), actor=request.user),
        creating=topic is None,
        title=_("New topic") if topic is None else topic.name,
        list_page="topic_list",
    )


@cluster_administrators
def topic_create(request):
    return _topic_page(request)


@cluster_administrators
def topic_edit(request, slug):
    return _topic_page(request, get_object_or_404(Topic, slug=slug))


@cluster_administrators
@require_POST
def topic_delete(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return entry_deleted(
        request,
        topic,
        delete=lambda: topics.topic_delete(topic=topic, actor=request.user),
        list_page="topic_list",
    )
