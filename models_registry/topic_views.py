"""``/quan-tri-cum/chu-de/``: the cluster's administrators keep the list of topics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.administration.views.access import cluster_administrators
from emulation_cluster.pages import form_data, form_page, refused
from emulation_cluster.submissions import save_from_form
from models_registry import topics
from models_registry.forms import TopicForm
from models_registry.models import Topic

TEMPLATE = "emulation_cluster/administration/form.html"


@cluster_administrators
def topic_list(request):
    rows = Topic.objects.annotate(uses=Count("models", distinct=True))
    return render(request, "models_registry/topic_list.html", {"rows": rows})


def _topic_page(request, topic=None):
    initial = None if topic is None else {"name": topic.name, "name_en": topic.name_en}
    form = TopicForm(form_data(request), initial=initial)

    def write():
        return topics.topic_save(topic=topic, **form.topic_data(), actor=request.user)

    def save():
        _saved, new = save_from_form(request, form, write, creating=topic is None)
        if new:
            messages.success(request, _("Your changes are saved."))
        return redirect("topic_list")

    title = _("New topic") if topic is None else topic.name
    context = {"title": title, "back": "topic_list"}
    once = {"repeated": lambda made: redirect("topic_list")} if topic is None else {}
    return form_page(request, TEMPLATE, form, save, context=context, **once)


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
    try:
        topics.topic_delete(topic=topic, actor=request.user)
    except ValidationError as error:
        return refused(request, error, "topic_list")
    messages.success(request, _("“%(name)s” is deleted.") % {"name": topic.name})
    return redirect("topic_list")
