"""Following a question, a model, a unit or a topic: their news then reach one's notices (a
topic's, the weekly digest)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import back, refuse
from models_registry.models import Topic
from seminars.qa import permissions, services
from seminars.qa.views.lookups import model_for, question_for, unit_for


def _follow(request, target, back_to, followed_message, unfollowed_message):
    """Follow (or, with ``follow=0``, stop following) a question, a model or a unit."""
    follow = request.POST.get("follow") != "0"
    services.follow_set(user=request.user, follow=follow, **target)
    messages.success(request, followed_message if follow else unfollowed_message)
    return back(request, back_to)


@login_required
@require_POST
def question_follow(request, pk):
    question = question_for(request, pk, permissions.can_follow_question)
    return _follow(
        request,
        {"question": question},
        question,
        _("You follow this question: its answers reach your notices."),
        _("You no longer follow this question."),
    )


@login_required
@require_POST
def model_follow(request, slug):
    exemplary_model = model_for(request, slug)
    if not permissions.can_follow_model(request.user, exemplary_model):
        refuse(request, _("Only the members of the cluster who may read it follow a model."))
    return _follow(
        request,
        {"exemplary_model": exemplary_model},
        reverse("model_questions", args=[exemplary_model.slug]),
        _("You follow this model: its new questions and answers reach your notices."),
        _("You no longer follow this model."),
    )


@login_required
@require_POST
def unit_follow(request, slug):
    unit = unit_for(request, slug)
    if not permissions.can_follow_unit(request.user, unit):
        refuse(request, _("Questions and answers are for the members of the cluster."))
    return _follow(
        request,
        {"unit": unit},
        reverse("unit_inbox", args=[unit.slug]),
        _("You follow this unit: the questions to it reach your notices."),
        _("You no longer follow this unit."),
    )


@login_required
@require_POST
def topic_follow(request):
    """The topic comes in the form (a choice on the settings page), not in the address."""
    topic = get_object_or_404(Topic, slug=request.POST.get("topic", "")[:80])
    if not permissions.can_follow_topic(request.user, topic):
        refuse(request, _("Only the members of the cluster follow a topic."))
    return _follow(
        request,
        {"topic": topic},
        reverse("notification_preferences"),
        _("You follow this topic: its new models reach your weekly digest."),
        _("You no longer follow this topic."),
    )
