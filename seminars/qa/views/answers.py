"""Answering: answers and comments, the official answer, the accepted one, answered live."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import back, base_url, form_page, refuse, refused
from seminars.qa import permissions, services
from seminars.qa.forms import AnsweredLiveForm, AnswerForm
from seminars.qa.views.lookups import answer_for, answer_in, question_for
from seminars.qa.views.threads import comment_form, thread_page


def _thread_form_page(request, pk, form, save, *, invalid, form_name):
    """A form of the thread page: refused, the thread comes back with it (status 400)."""

    def render_thread(request, _template, context, status):
        return thread_page(request, pk, status=status, **{form_name: context["form"]})

    return form_page(request, None, form, save, invalid=invalid, render_page=render_thread)


@login_required
@require_POST
def answer_create(request, pk):
    question = question_for(request, pk, permissions.can_answer_question)
    form = AnswerForm(request.POST, auto_id="id_answer_%s")

    def save():
        answer, created = services.answer_create(
            question=question, author=request.user, base_url=base_url(request), **form.cleaned_data
        )
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

    invalid = _("Your answer is not published: see why below. What you wrote is kept.")
    return _thread_form_page(request, pk, form, save, invalid=invalid, form_name="answer_form")


@login_required
@require_POST
def comment_create(request, pk):
    question = question_for(request, pk, permissions.can_comment_question)
    raw_answer = request.POST.get("answer") or None
    answer = answer_in(question, raw_answer)
    form = comment_form(raw_answer, request.POST)

    def save():
        comment, created = services.comment_create(
            question=question,
            answer=answer,
            author=request.user,
            body=form.cleaned_data["body"],
            token=form.cleaned_data["token"],
            base_url=base_url(request),
        )
        if created:
            messages.success(request, _("Your comment is published."))
        else:
            messages.info(request, _("This comment was already sent (the form was sent twice)."))
        return redirect(comment)

    invalid = _("Your comment is not published: see why below. What you wrote is kept.")
    return _thread_form_page(
        request, pk, form, save, invalid=invalid, form_name="comment_form_sent"
    )


@login_required
@require_POST
def answer_accept(request, pk):
    answer = answer_for(request, pk)
    question = answer.question
    if not permissions.can_accept_answer(request.user, question):
        refuse(
            request,
            _("Only the asker or the editors of %(unit)s may accept an answer.")
            % {"unit": question.asking_unit.name},
        )
    try:
        services.answer_accept(answer=answer, actor=request.user, base_url=base_url(request))
    except ValidationError as error:
        return refused(request, error, answer)
    messages.success(request, _("The answer is marked as the one that solved the question."))
    return redirect(answer)


@login_required
@require_POST
def answer_make_official(request, pk):
    answer = answer_for(request, pk)
    owner = answer.question.owner_unit
    if not permissions.can_make_answer_official(request.user, answer):
        refuse(
            request,
            _("Only the editors of %(unit)s may make an answer official.") % {"unit": owner.name},
        )
    try:
        services.answer_make_official(answer=answer, actor=request.user, base_url=base_url(request))
    except ValidationError as error:
        return refused(request, error, answer)
    messages.success(
        request, _("The answer is now the official answer of %(unit)s.") % {"unit": owner}
    )
    return redirect(answer)


@login_required
def question_answered_live(request, pk):
    question = question_for(
        request,
        pk,
        permissions.can_mark_answered_live,
        _("Only the seminar's chair or its organizers mark a question as answered live."),
    )
    form = AnsweredLiveForm(request.POST or None)

    def save():
        services.question_mark_answered_live(
            question=question,
            actor=request.user,
            note=form.cleaned_data["note"],
            base_url=base_url(request),
        )
        messages.success(request, _("The question is marked as answered live."))
        return back(request, question)

    context = {"question": question, "next": request.POST.get("next", "")}
    return form_page(request, "seminars/qa/answered_live_form.html", form, save, context=context)
