"""Pages of the Q&A threads. Views parse the request, check a rule, call a service, render.

Every page is for signed-in members of the cluster (questions are the members' side of the
portal): a visitor is sent to the login page, a signed-in person of no unit gets a 403, and a
question on a model the reader may not see is a 404, like the model itself.

Refusals: a form with typed text comes back with what was typed, the reason, and status 400; a
button refused by the state of the thread (voting twice, a closed thread) comes back to the page
with the reason; an action the reader's role does not allow is a 403 with the reason.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation_cluster import audit
from emulation_cluster.models import Unit
from emulation_cluster.permissions import can_view_model, is_cluster_member
from models_registry.models import ExemplaryModel
from models_registry.uploads import stored_file_response
from seminars import permissions, qa_selectors, qa_services
from seminars.enums import QuestionState, SeminarStatus
from seminars.models import Seminar
from seminars.qa_forms import (
    AnsweredLiveForm,
    AnswerForm,
    CommentForm,
    HideForm,
    LockForm,
    MergeForm,
    PostEditForm,
    PreferencesForm,
    QuestionForm,
    QuestionSearchForm,
)
from seminars.questions import Answer, Comment, Question
from seminars.selectors import visible_seminars

QUESTIONS_PER_PAGE = 25
SEMINAR_QUESTIONS_PER_PAGE = 50
HISTORY_PER_PAGE = 50
FOLLOWS_PER_PAGE = 50
# The seminar's Q&A page reloads its ranked list this often where JavaScript is on.
REFRESH_SECONDS = 15
POST_KINDS = {cls.url_kind: cls for cls in (Question, Answer, Comment)}
STATE_PARAM = "trang-thai"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _refuse(request, message):
    """A 403 whose page says why (the message shows above the standard text)."""
    messages.error(request, message)
    raise PermissionDenied(message)


def _require_member(request):
    if not is_cluster_member(request.user):
        _refuse(request, _("Questions and answers are for the members of the cluster."))


def _question_for(request, pk, rule=None, refusal=None, queryset=None):
    """The question at ``pk`` if the reader may see it (else 404) and ``rule`` allows (else 403)."""
    _require_member(request)
    if queryset is None:
        queryset = Question.objects.select_related(
            "exemplary_model", "owner_unit", "asking_unit", "seminar", "merged_into"
        )
    question = get_object_or_404(queryset, pk=pk)
    if not permissions.can_view_question(request.user, question):
        raise Http404
    if rule is not None and not rule(request.user, question):
        _refuse(request, refusal or _("Your role does not allow this in this thread."))
    return question


def _model_for(request, slug):
    _require_member(request)
    exemplary_model = get_object_or_404(
        ExemplaryModel.objects.select_related("owner_unit"), slug=slug
    )
    if not can_view_model(request.user, exemplary_model):
        raise Http404
    return exemplary_model


def _unit_for(request, slug):
    _require_member(request)
    unit = get_object_or_404(Unit, slug=slug)
    if not permissions.can_view_unit_questions(request.user, unit):
        raise PermissionDenied
    return unit


def _back(request, default):
    """Back to where the button was (``next``, on this site only), else to ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _refused(request, error: ValidationError, default):
    messages.error(request, " ".join(error.messages))
    return _back(request, default)


def _page(request, queryset, per_page=QUESTIONS_PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _state_filter(request, default=""):
    state = request.GET.get(STATE_PARAM, default)
    return state if state in QuestionState.values or state == "" else default


# --- finding and asking -----------------------------------------------------------------------


@login_required
def question_search(request):
    _require_member(request)
    form = QuestionSearchForm(request.GET or None)
    values = form.values() if request.GET else {}
    questions = qa_selectors.search_questions(
        request.user, text=values.get("q", ""), state=values.get("state", "")
    )
    return render(
        request,
        "seminars/qa/question_search.html",
        {
            "form": form,
            "page": _page(request, questions),
            "searching": bool(values.get("q")),
        },
    )


def _seminars_to_ask_in(user):
    return (
        visible_seminars(user)
        .exclude(status__in=[SeminarStatus.DRAFT, SeminarStatus.CANCELLED, SeminarStatus.CLOSED])
        .order_by("-starts_at", "-id")
    )


@login_required
def question_ask(request, slug):
    exemplary_model = _model_for(request, slug)
    user = request.user
    if not permissions.can_ask_question(user, exemplary_model):
        if permissions.member_unit_ids(user) == {exemplary_model.owner_unit_id}:
            _refuse(
                request,
                _("Your unit owns this model: the questions about it come to your unit's inbox."),
            )
        _refuse(request, _("Only members of a unit other than the owner may ask about it."))
    bound = request.method == "POST"
    seminars = _seminars_to_ask_in(user)
    initial = {}
    if not bound and request.GET.get("hoi-nghi", "").isdigit():
        initial["seminar"] = seminars.filter(pk=request.GET["hoi-nghi"]).first()
    form = QuestionForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        asking_units=permissions.asking_units(user, exemplary_model),
        seminars=seminars,
        initial=initial,
    )
    if bound:
        if form.is_valid():
            upload = form.cleaned_data["attachment"]
            try:
                question, created = qa_services.question_ask(
                    exemplary_model=exemplary_model,
                    asking_unit=form.cleaned_data["asking_unit"],
                    author=user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    seminar=form.cleaned_data["seminar"],
                    upload=upload or None,
                    file_type=getattr(upload, "file_type", None),
                    token=form.cleaned_data["token"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    messages.success(
                        request,
                        _("Your question is sent to %(unit)s; its editors are told.")
                        % {"unit": exemplary_model.owner_unit.name},
                    )
                else:
                    messages.info(
                        request, _("This question was already sent (the form was sent twice).")
                    )
                return redirect(question)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "seminars/qa/question_form.html",
        {"form": form, "model": exemplary_model},
        status=400 if bound else 200,
    )


@login_required
def model_questions(request, slug):
    exemplary_model = _model_for(request, slug)
    questions = qa_selectors.model_questions(request.user, exemplary_model)
    return render(
        request,
        "seminars/qa/model_questions.html",
        {
            "model": exemplary_model,
            "page": _page(request, questions),
            "may_ask": permissions.can_ask_question(request.user, exemplary_model),
            "following": qa_selectors.follows_target(request.user, exemplary_model=exemplary_model),
        },
    )


# --- a thread ---------------------------------------------------------------------------------


def _comment_form(answer_pk=None, data=None):
    prefix = f"id_comment_{answer_pk or 'q'}_%s"
    return CommentForm(data, auto_id=prefix, initial={"answer": answer_pk})


def _thread_page(request, pk, *, answer_form=None, comment_form=None, status=200):
    user = request.user
    question = _question_for(request, pk, queryset=qa_selectors.question_detail_queryset())
    answers = qa_selectors.ordered_answers(question)
    bound_answer_id = comment_form.data.get("answer") if comment_form is not None else None
    for answer in answers:
        if bound_answer_id and str(answer.pk) == str(bound_answer_id):
            answer.comment_form = comment_form
        else:
            answer.comment_form = _comment_form(answer.pk)
    if comment_form is not None and not bound_answer_id:
        question_comment_form = comment_form
    else:
        question_comment_form = _comment_form()
    return render(
        request,
        "seminars/qa/question_detail.html",
        {
            "question": question,
            "answers": answers,
            "answer_form": answer_form or AnswerForm(auto_id="id_answer_%s"),
            "question_comment_form": question_comment_form,
            "voted": question.votes.filter(voter=user).exists(),
            "following": qa_selectors.follows_target(user, question=question),
            "answers_officially": permissions.can_answer_officially(user, question),
            "may_accept": permissions.can_accept_answer(user, question),
            "may_moderate": permissions.can_moderate_question(user, question),
            "may_mark_live": permissions.can_mark_answered_live(user, question),
            "answered_live_form": AnsweredLiveForm(auto_id="id_live_%s"),
            "lock_form": LockForm(auto_id="id_lock_%s"),
        },
        status=status,
    )


@login_required
def question_detail(request, pk):
    return _thread_page(request, pk)


@login_required
@require_POST
def answer_create(request, pk):
    question = _question_for(request, pk, permissions.can_answer_question)
    form = AnswerForm(request.POST, auto_id="id_answer_%s")
    if form.is_valid():
        try:
            answer, created = qa_services.answer_post(
                question=question,
                author=request.user,
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not created:
                messages.info(request, _("This answer was already sent (the form was sent twice)."))
            elif answer.is_official:
                messages.success(
                    request,
                    _("Your answer is published as the official answer of %(unit)s.")
                    % {"unit": question.owner_unit.name},
                )
            else:
                messages.success(request, _("Your answer is published."))
            return redirect(answer)
    messages.error(
        request, _("Your answer is not published: see why below. What you wrote is kept.")
    )
    return _thread_page(request, pk, answer_form=form, status=400)


@login_required
@require_POST
def comment_create(request, pk):
    question = _question_for(request, pk, permissions.can_comment_question)
    raw_answer = request.POST.get("answer") or None
    form = _comment_form(raw_answer, request.POST)
    answer = None
    if raw_answer:
        answer = Answer.objects.filter(
            question=question, pk=raw_answer if str(raw_answer).isdigit() else 0
        ).first()
        if answer is None:
            raise Http404
    if form.is_valid():
        try:
            comment, created = qa_services.comment_post(
                question=question,
                answer=answer,
                author=request.user,
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, _("Your comment is published."))
            else:
                messages.info(
                    request, _("This comment was already sent (the form was sent twice).")
                )
            return redirect(comment)
    messages.error(
        request, _("Your comment is not published: see why below. What you wrote is kept.")
    )
    return _thread_page(request, pk, comment_form=form, status=400)


@login_required
@require_POST
def question_vote(request, pk):
    question = _question_for(request, pk, permissions.can_vote_question)
    try:
        if request.POST.get("vote") == "withdraw":
            qa_services.vote_withdraw(question=question, voter=request.user)
            messages.success(request, _("Your vote is withdrawn."))
        else:
            qa_services.vote_cast(question=question, voter=request.user)
            messages.success(request, _("Your vote is counted."))
    except ValidationError as error:
        return _refused(request, error, question)
    return _back(request, question)


@login_required
@require_POST
def question_follow(request, pk):
    question = _question_for(request, pk, permissions.can_follow_question)
    return _follow(
        request,
        {"question": question},
        question,
        _("You follow this question: its answers reach your notices."),
        _("You no longer follow this question."),
    )


def _follow(request, target, back_to, followed_message, unfollowed_message):
    """Follow (or, with ``follow=0``, stop following) a question, a model or a unit."""
    follow = request.POST.get("follow") != "0"
    qa_services.follow_set(user=request.user, follow=follow, **target)
    messages.success(request, followed_message if follow else unfollowed_message)
    return _back(request, back_to)


@login_required
def question_answered_live(request, pk):
    question = _question_for(
        request,
        pk,
        permissions.can_mark_answered_live,
        _("Only the seminar's chair or its organizers mark a question as answered live."),
    )
    form = AnsweredLiveForm(request.POST or None)
    bound = request.method == "POST"
    if bound:
        if form.is_valid():
            try:
                qa_services.mark_answered_live(
                    question=question,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The question is marked as answered live."))
                return _back(request, question)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "seminars/qa/answered_live_form.html",
        {"form": form, "question": question, "next": request.POST.get("next", "")},
        status=400 if bound else 200,
    )


@login_required
def question_history(request, pk):
    question = _question_for(request, pk)
    entries = Paginator(audit.history_of(question), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    may_moderate = permissions.can_moderate_question(request.user, question)
    hidden = {
        ("answer", pk)
        for pk in question.answers.filter(hidden_at__isnull=False).values_list("pk", flat=True)
    } | {
        ("comment", pk)
        for pk in question.comments.filter(hidden_at__isnull=False).values_list("pk", flat=True)
    }
    if question.hidden_at:
        hidden.add(("question", question.pk))
    for entry in entries:
        # What a moderator hid stays out of its history for the other readers.
        entry.withheld = not may_moderate and (entry.target_type.model, entry.target_id) in hidden
    return render(
        request, "seminars/qa/question_history.html", {"question": question, "page": entries}
    )


@login_required
def question_attachment(request, pk):
    question = _question_for(request, pk)
    if not question.attachment or question.hidden_at:
        raise Http404
    return stored_file_response(
        question.attachment,
        filename=question.attachment_name,
        kind=question.attachment_kind,
        content_type=question.attachment_type,
    )


# --- answers: official, accepted --------------------------------------------------------------


def _answer_for(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("author"), pk=pk)
    answer.question = _question_for(request, answer.question_id)
    return answer


@login_required
@require_POST
def answer_accept(request, pk):
    answer = _answer_for(request, pk)
    question = answer.question
    if not permissions.can_accept_answer(request.user, question):
        _refuse(
            request,
            _("Only the asker or the editors of %(unit)s may accept an answer.")
            % {"unit": question.asking_unit.name},
        )
    try:
        qa_services.answer_accept(answer=answer, actor=request.user, base_url=_base_url(request))
    except ValidationError as error:
        return _refused(request, error, answer)
    messages.success(request, _("The answer is marked as the one that solved the question."))
    return redirect(answer)


@login_required
@require_POST
def answer_make_official(request, pk):
    answer = _answer_for(request, pk)
    question = answer.question
    if not permissions.can_make_answer_official(request.user, answer):
        _refuse(
            request,
            _("Only the editors of %(unit)s may make an answer official.")
            % {"unit": question.owner_unit.name},
        )
    try:
        qa_services.answer_make_official(
            answer=answer, actor=request.user, base_url=_base_url(request)
        )
    except ValidationError as error:
        return _refused(request, error, answer)
    messages.success(
        request,
        _("The answer is now the official answer of %(unit)s.") % {"unit": question.owner_unit},
    )
    return redirect(answer)


# --- editing and moderation -------------------------------------------------------------------


def _post_for(request, kind, pk):
    model_class = POST_KINDS.get(kind)
    if model_class is None:
        raise Http404
    if model_class is Question:
        question = _question_for(request, pk)
        return question, question
    post = get_object_or_404(model_class.objects.select_related("author"), pk=pk)
    return post, _question_for(request, post.question_id)


@login_required
def post_edit(request, kind, pk):
    post, question = _post_for(request, kind, pk)
    if not permissions.can_edit_post(request.user, post, question):
        _refuse(request, _("Only the author may edit what they wrote."))
    bound = request.method == "POST"
    initial = {"body": post.body}
    if isinstance(post, Question):
        initial["title"] = post.title
    form = PostEditForm(request.POST if bound else None, post=post, initial=initial)
    if bound:
        if form.is_valid():
            try:
                _saved, changed = qa_services.post_edit(
                    post=post,
                    question=question,
                    editor=request.user,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changed:
                    messages.success(request, _("Your changes are saved; the history keeps both."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(post)
        messages.error(request, _("Please correct the fields marked below."))
    elif not question.takes_posts or post.hidden_at:
        messages.error(request, _("This thread no longer takes changes."))
        return redirect(question)
    return render(
        request,
        "seminars/qa/post_edit.html",
        {"form": form, "post": post, "question": question},
        status=400 if bound else 200,
    )


@login_required
def post_hide(request, kind, pk):
    post, question = _post_for(request, kind, pk)
    if not permissions.can_moderate_question(request.user, question):
        _refuse(
            request,
            _("Only the administrators of %(unit)s and of the cluster moderate this thread.")
            % {"unit": question.owner_unit.name},
        )
    hide = post.hidden_at is None
    form = HideForm(request.POST or None)
    bound = request.method == "POST"
    if bound:
        if form.is_valid():
            try:
                qa_services.post_hide(
                    post=post,
                    question=question,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                    hide=hide,
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if hide:
                    messages.success(request, _("The post is hidden; its author is told why."))
                else:
                    messages.success(request, _("The post is shown again."))
                return redirect(post)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "seminars/qa/post_hide.html",
        {"form": form, "post": post, "question": question, "hide": hide},
        status=400 if bound else 200,
    )


@login_required
@require_POST
def question_lock(request, pk):
    question = _question_for(
        request,
        pk,
        permissions.can_moderate_question,
        _("Only the administrators of the owner unit and of the cluster lock a thread."),
    )
    lock = request.POST.get("lock") != "0"
    form = LockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        qa_services.thread_lock(
            question=question,
            moderator=request.user,
            lock=lock,
            reason=reason,
            base_url=_base_url(request),
        )
    except ValidationError as error:
        return _refused(request, error, question)
    if lock:
        messages.success(request, _("The thread is locked: it takes no more answers or votes."))
    else:
        messages.success(request, _("The thread is open again."))
    return redirect(question)


@login_required
def question_merge(request, pk):
    duplicate = _question_for(
        request,
        pk,
        permissions.can_moderate_question,
        _("Only the administrators of the owner unit and of the cluster merge questions."),
    )
    candidates = (
        qa_selectors.visible_questions(request.user)
        .filter(exemplary_model=duplicate.exemplary_model, merged_into__isnull=True)
        .exclude(pk=duplicate.pk)
        .order_by("-created_at", "-id")
    )
    form = MergeForm(request.POST or None, candidates=candidates)
    bound = request.method == "POST"
    if bound:
        if form.is_valid():
            try:
                qa_services.question_merge(
                    duplicate=duplicate,
                    into=form.cleaned_data["into"],
                    moderator=request.user,
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The duplicate is merged: its votes and followers moved to this question."),
                )
                return redirect(form.cleaned_data["into"])
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "seminars/qa/question_merge.html",
        {"form": form, "question": duplicate, "has_candidates": candidates.exists()},
        status=400 if bound else 200,
    )


# --- the seminar's Q&A ------------------------------------------------------------------------


def _seminar_for(request, pk):
    _require_member(request)
    seminar = get_object_or_404(Seminar.objects.select_related("host_unit"), pk=pk)
    if not permissions.can_view_seminar_questions(request.user, seminar):
        raise Http404
    return seminar


def _seminar_context(request, seminar):
    questions = qa_selectors.seminar_questions(request.user, seminar)
    return {
        "seminar": seminar,
        "page": _page(request, questions, SEMINAR_QUESTIONS_PER_PAGE),
        "may_mark_live": permissions.can_manage_seminar(request.user, seminar)
        or (seminar.chair_user_id is not None and seminar.chair_user_id == request.user.pk),
        "refresh_seconds": REFRESH_SECONDS,
    }


@login_required
def seminar_questions(request, pk):
    seminar = _seminar_for(request, pk)
    context = _seminar_context(request, seminar)
    presented = [
        item.exemplary_model
        for item in seminar.agenda_items.filter(exemplary_model__isnull=False)
        .select_related("exemplary_model", "exemplary_model__owner_unit")
        .order_by("position")
    ]
    context["presented"] = [
        model for model in presented if permissions.can_ask_question(request.user, model)
    ]
    return render(request, "seminars/qa/seminar_questions.html", context)


@never_cache
@login_required
def seminar_questions_fragment(request, pk):
    """The ranked list alone, for the page's script to swap in every few seconds."""
    seminar = _seminar_for(request, pk)
    return render(
        request, "seminars/qa/partials/seminar_ranked.html", _seminar_context(request, seminar)
    )


# --- a unit's questions -----------------------------------------------------------------------


def _unit_page(request, slug, template, select, default_state):
    unit = _unit_for(request, slug)
    state = _state_filter(request, default_state)
    now = timezone.now()
    return render(
        request,
        template,
        {
            "unit": unit,
            "page": _page(request, select(request.user, unit, state)),
            "state": state,
            "states": QuestionState.choices,
            "state_param": STATE_PARAM,
            "following": qa_selectors.follows_target(request.user, unit=unit),
            # Waiting longer than these earns a reminder, then an escalation (marked in the list).
            "reminder_before": now - datetime.timedelta(days=settings.QUESTION_REMINDER_AFTER_DAYS),
            "escalation_before": now
            - datetime.timedelta(days=settings.QUESTION_ESCALATION_AFTER_DAYS),
        },
    )


@login_required
def unit_inbox(request, slug):
    return _unit_page(
        request, slug, "seminars/qa/unit_inbox.html", qa_selectors.unit_inbox, QuestionState.OPEN
    )


@login_required
def unit_asked(request, slug):
    return _unit_page(request, slug, "seminars/qa/unit_asked.html", qa_selectors.unit_asked, "")


# --- follows and notices ----------------------------------------------------------------------


@login_required
@require_POST
def model_follow(request, slug):
    exemplary_model = _model_for(request, slug)
    if not permissions.can_follow_model(request.user, exemplary_model):
        raise PermissionDenied
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
    unit = _unit_for(request, slug)
    if not permissions.can_follow_unit(request.user, unit):
        raise PermissionDenied
    return _follow(
        request,
        {"unit": unit},
        reverse("unit_inbox", args=[unit.slug]),
        _("You follow this unit: the questions to it reach your notices."),
        _("You no longer follow this unit."),
    )


@login_required
def notification_preferences(request):
    user = request.user
    bound = request.method == "POST"
    form = PreferencesForm(
        request.POST if bound else None, emails_off=qa_services.email_kinds_off(user)
    )
    if bound and form.is_valid():
        qa_services.preferences_save(user=user, email_on=form.email_on())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_preferences")
    return render(
        request,
        "seminars/qa/notification_preferences.html",
        {"form": form, "page": _page(request, qa_selectors.follows_of(user), FOLLOWS_PER_PAGE)},
        status=400 if bound else 200,
    )
