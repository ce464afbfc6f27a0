"""Finding questions, asking one, and reading a thread with its history and attachment.

Refusals: a form with typed text comes back with what was typed, the reason, and status 400; an
action the reader's role does not allow is a 403 with the reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import (
    back,
    base_url,
    form_data,
    form_page,
    paginate,
    refuse,
    refused,
)
from emulation_cluster.permissions import member_unit_ids
from models_registry.uploads import stored_file_response
from seminars.notices import services as notice_services
from seminars.qa import permissions, selectors, services
from seminars.qa.forms import (
    AnsweredLiveForm,
    AnswerForm,
    CommentForm,
    LockForm,
    QuestionForm,
    QuestionSearchForm,
)
from seminars.qa.models import COMMENT_MAX_LENGTH
from seminars.qa.views.listing import question_page, search_page
from seminars.qa.views.lookups import model_for, question_for, require_member

QUESTIONS_PER_PAGE = 25
# A thread shows its answers 50 at a time (a 401-answer thread took 1.45 s in one page).
ANSWERS_PER_PAGE = 50
HISTORY_PER_PAGE = 50


@login_required
def question_search(request):
    require_member(request)
    form = QuestionSearchForm(request.GET or None)
    values = form.values() if request.GET else {}
    questions, relevance = selectors.search_questions(
        request.user,
        text=values.get("q", ""),
        state=values.get("state", ""),
        per_page=QUESTIONS_PER_PAGE,
    )
    if relevance is None:
        page = question_page(request, questions, QUESTIONS_PER_PAGE)
    else:
        page = search_page(request, questions, relevance)
    context = {
        "form": form,
        "page": page,
        "searching": bool(values.get("q")),
    }
    return render(request, "seminars/qa/question_search.html", context)


def _refuse_asking(request, exemplary_model):
    if member_unit_ids(request.user) == {exemplary_model.owner_unit_id}:
        refuse(
            request,
            _("Your unit owns this model: the questions about it come to your unit's inbox."),
        )
    refuse(request, _("Only members of a unit other than the owner may ask about it."))


def _tell_asked(request, exemplary_model, created):
    if created:
        messages.success(
            request,
            _("Your question is sent to %(unit)s; its editors are told.")
            % {"unit": exemplary_model.owner_unit.name},
        )
    else:
        messages.info(request, _("This question was already sent (the form was sent twice)."))


@login_required
def question_ask(request, slug):
    exemplary_model, user = model_for(request, slug), request.user
    if not permissions.can_ask_question(user, exemplary_model):
        _refuse_asking(request, exemplary_model)
    seminars = selectors.seminars_open_for_questions(user)
    data, files = form_data(request, files=True)
    form = QuestionForm(
        data,
        files,
        asking_units=permissions.asking_units(user, exemplary_model),
        seminars=seminars,
        initial={"seminar": selectors.seminar_chosen(seminars, request.GET.get("hoi-nghi"))},
    )

    def save():
        question, created = services.question_ask(
            exemplary_model=exemplary_model,
            author=user,
            base_url=base_url(request),
            **form.question_data(),
        )
        _tell_asked(request, exemplary_model, created)
        return redirect(question)

    context = {"model": exemplary_model}
    return form_page(request, "seminars/qa/question_form.html", form, save, context=context)


@login_required
def model_questions(request, slug):
    exemplary_model, user = model_for(request, slug), request.user
    context = {
        "model": exemplary_model,
        "page": question_page(
            request, selectors.model_questions(user, exemplary_model), QUESTIONS_PER_PAGE
        ),
        "may_ask": permissions.can_ask_question(user, exemplary_model),
        "following": exemplary_model.reader_follows,
    }
    return render(request, "seminars/qa/model_questions.html", context)


def comment_form(answer_pk=None, data=None):
    """The comment form under the question (``answer_pk`` None) or under one answer."""
    prefix = f"id_comment_{answer_pk or 'q'}_%s"
    return CommentForm(data, auto_id=prefix, initial={"answer": answer_pk})


def _sent_to(comment_form_sent):
    """The answer a refused comment was for ("" for the question itself)."""
    return comment_form_sent.data.get("answer") or "" if comment_form_sent is not None else ""


def _answers_page(request, question, comment_form_sent):
    """The page of the thread's answers: ``?page=``, else the page of the answer (``?tra-loi=``)
    or comment (``?binh-luan=``) a link points to, else that of a refused comment's answer."""
    number = request.GET.get("page")
    if number is None:
        wanted = request.GET.get("tra-loi") or _sent_to(comment_form_sent)
        if request.GET.get("binh-luan"):
            wanted = selectors.answer_of_comment(question, request.GET["binh-luan"])
        if str(wanted or "").isdigit():
            position = selectors.answer_position(question, int(wanted))
            number = None if position is None else position // ANSWERS_PER_PAGE + 1
    number = int(number) if str(number or "").isdigit() and int(number) > 0 else 1
    start = (number - 1) * ANSWERS_PER_PAGE
    answers, total = selectors.thread_answers(question, start, start + ANSWERS_PER_PAGE)
    page = Paginator(range(total), ANSWERS_PER_PAGE).get_page(number)
    if page.number != number:  # past the last page (or a garbage number): the last one
        start = page.start_index() - 1 if total else 0
        answers, total = selectors.thread_answers(question, start, start + ANSWERS_PER_PAGE)
    page.object_list = answers
    selectors.attach_comments(question, answers)
    return page


def _with_comment_forms(answers, comment_form_sent):
    """The question's comment form. The answers' forms are plain markup built from one token
    (``comment_token``, a form per answer cost ~5 ms each); only a refused comment's answer
    gets its form back, with what was typed."""
    sent_to = _sent_to(comment_form_sent)
    for answer in answers:
        answer.comment_form = comment_form_sent if sent_to == str(answer.pk) else None
    if comment_form_sent is not None and not sent_to:
        return comment_form_sent
    return comment_form()


def thread_page(request, pk, *, answer_form=None, comment_form_sent=None, status=200):
    """The thread; after a refused answer or comment, with that form and status 400."""
    user = request.user
    question = question_for(request, pk, queryset=selectors.question_detail_queryset(user))
    # The reader now sees what its notices were about: the bell stops counting them.
    notice_services.notices_opened(user=user, question=question.pk)
    answers = _answers_page(request, question, comment_form_sent)
    question_comment_form = _with_comment_forms(answers, comment_form_sent)
    context = {
        "question": question,
        "answers": answers,
        "answer_form": answer_form or AnswerForm(auto_id="id_answer_%s"),
        "question_comment_form": question_comment_form,
        "comment_token": question_comment_form.initial.get("token", ""),
        "comment_max_length": COMMENT_MAX_LENGTH,
        "voted": question.reader_voted,
        "following": question.reader_follows,
        "answers_officially": permissions.can_answer_officially(user, question),
        "may_accept": permissions.can_accept_answer(user, question),
        "may_moderate": permissions.can_moderate_question(user, question),
        "may_mark_live": permissions.can_mark_answered_live(user, question),
        "answered_live_form": AnsweredLiveForm(auto_id="id_live_%s"),
        "lock_form": LockForm(auto_id="id_lock_%s"),
    }
    return render(request, "seminars/qa/question_detail.html", context, status=status)


@login_required
def question_detail(request, pk):
    return thread_page(request, pk)


@login_required
@require_POST
def question_vote(request, pk):
    question = question_for(request, pk, permissions.can_vote_question)
    try:
        if request.POST.get("vote") == "withdraw":
            services.vote_withdraw(question=question, voter=request.user)
            messages.success(request, _("Your vote is withdrawn."))
        else:
            services.vote_cast(question=question, voter=request.user)
            messages.success(request, _("Your vote is counted."))
    except ValidationError as error:
        return refused(request, error, question)
    return back(request, question)


@login_required
def question_history(request, pk):
    question = question_for(request, pk)
    may_moderate = permissions.can_moderate_question(request.user, question)
    page = paginate(request, selectors.history_entries(question), HISTORY_PER_PAGE)
    selectors.mark_withheld(page, question, may_moderate=may_moderate)
    context = {"question": question, "page": page}
    return render(request, "seminars/qa/question_history.html", context)


@login_required
def question_attachment(request, pk):
    question = question_for(request, pk)
    attachment = selectors.attachment_of(question)
    if attachment is None or question.hidden_at:
        raise Http404
    return stored_file_response(attachment)
