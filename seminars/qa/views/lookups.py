"""Finding what a Q&A page is about, with the reader's right to it checked on the way.

Every page is for signed-in members of the cluster (questions are the members' side of the
portal): a signed-in person of no unit gets a 403, and a question on a model the reader may not
see is a 404, like the model itself.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from emulation_cluster.models import Unit
from emulation_cluster.pages import refuse
from emulation_cluster.permissions import is_cluster_member
from models_registry.models import ExemplaryModel
from models_registry.permissions import can_view_model
from seminars.models import Seminar
from seminars.qa import permissions, selectors
from seminars.qa.models import Answer, Comment, Question

POST_KINDS = {cls.url_kind: cls for cls in (Question, Answer, Comment)}


def require_member(request):
    if not is_cluster_member(request.user):
        refuse(request, _("Questions and answers are for the members of the cluster."))


def question_for(request, pk, rule=None, refusal=None, queryset=None):
    """The question at ``pk`` if the reader may see it (else 404) and ``rule`` allows (else 403)."""
    require_member(request)
    if queryset is None:
        queryset = Question.objects.select_related(
            "exemplary_model", "owner_unit", "asking_unit", "seminar", "merged_into"
        )
    question = get_object_or_404(queryset, pk=pk)
    if not permissions.can_view_question(request.user, question):
        raise Http404
    if rule is not None and not rule(request.user, question):
        refuse(request, refusal or _("Your role does not allow this in this thread."))
    return question


def answer_for(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("author"), pk=pk)
    answer.question = question_for(request, answer.question_id)
    return answer


def answer_in(question, raw_pk):
    """The answer of ``question`` a comment is for (None: the question itself); else 404."""
    if not raw_pk:
        return None
    return get_object_or_404(Answer, question=question, pk=raw_pk if raw_pk.isdigit() else 0)


def post_for(request, kind, pk):
    """A question, answer or comment by its kind in the address, and the question it is in."""
    model_class = POST_KINDS.get(kind)
    if model_class is None:
        raise Http404
    if model_class is Question:
        question = question_for(request, pk)
        return question, question
    post = get_object_or_404(model_class.objects.select_related("author"), pk=pk)
    return post, question_for(request, post.question_id)


def model_for(request, slug):
    require_member(request)
    exemplary_model = get_object_or_404(
        ExemplaryModel.objects.select_related("owner_unit").annotate(
            reader_follows=selectors.followed_by(request.user, "exemplary_model")
        ),
        slug=slug,
    )
    if not can_view_model(request.user, exemplary_model):
        raise Http404
    return exemplary_model


def unit_for(request, slug):
    require_member(request)
    units = Unit.objects.annotate(reader_follows=selectors.followed_by(request.user, "unit"))
    unit = get_object_or_404(units, slug=slug)
    if not permissions.can_view_unit_questions(request.user, unit):
        refuse(request, _("Questions and answers are for the members of the cluster."))
    return unit


def seminar_for(request, pk):
    require_member(request)
    seminar = get_object_or_404(Seminar.objects.select_related("host_unit"), pk=pk)
    if not permissions.can_view_seminar_questions(request.user, seminar):
        raise Http404
    return seminar
