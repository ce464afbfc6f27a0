"""Editing what one wrote, and moderation: hide a post, lock a thread, merge a duplicate.

Nothing is deleted: the audit log keeps every version and every moderator's reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import base_url, form_page, is_bound, refuse, refused
from seminars.qa import moderation as moderating
from seminars.qa import permissions, selectors
from seminars.qa.forms import HideForm, LockForm, MergeForm, PostEditForm
from seminars.qa.views.lookups import post_for, question_for


@login_required
def post_edit(request, kind, pk):
    post, question = post_for(request, kind, pk)
    if not permissions.can_edit_post(request.user, post, question):
        refuse(request, _("Only the author may edit what they wrote."))
    if not is_bound(request) and (not question.takes_posts or post.hidden_at):
        messages.error(request, _("This thread no longer takes changes."))
        return redirect(question)
    initial = {"body": post.body, "title": getattr(post, "title", None)}
    form = PostEditForm(request.POST or None, post=post, initial=initial)

    def save():
        _saved, changed = moderating.post_edit(
            post=post, question=question, editor=request.user, **form.cleaned_data
        )
        if changed:
            messages.success(request, _("Your changes are saved; the history keeps both."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect(post)

    context = {"post": post, "question": question}
    return form_page(request, "seminars/qa/post_edit.html", form, save, context=context)


def _refuse_moderation(request, question):
    refuse(
        request,
        _("Only the administrators of %(unit)s and of the cluster moderate this thread.")
        % {"unit": question.owner_unit.name},
    )


@login_required
def post_hide(request, kind, pk):
    post, question = post_for(request, kind, pk)
    if not permissions.can_moderate_question(request.user, question):
        _refuse_moderation(request, question)
    hide = post.hidden_at is None
    form = HideForm(request.POST or None)

    def save():
        moderating.post_hide(
            post=post,
            question=question,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            hide=hide,
            base_url=base_url(request),
        )
        if hide:
            messages.success(request, _("The post is hidden; its author is told why."))
        else:
            messages.success(request, _("The post is shown again."))
        return redirect(post)

    context = {"post": post, "question": question, "hide": hide}
    return form_page(request, "seminars/qa/post_hide.html", form, save, context=context)


@login_required
@require_POST
def question_lock(request, pk):
    question = question_for(
        request,
        pk,
        permissions.can_moderate_question,
        _("Only the administrators of the owner unit and of the cluster lock a thread."),
    )
    lock = request.POST.get("lock") != "0"
    form = LockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        moderating.question_lock(
            question=question,
            moderator=request.user,
            lock=lock,
            reason=reason,
            base_url=base_url(request),
        )
    except ValidationError as error:
        return refused(request, error, question)
    if lock:
        messages.success(request, _("The thread is locked: it takes no more answers or votes."))
    else:
        messages.success(request, _("The thread is open again."))
    return redirect(question)


@login_required
def question_merge(request, pk):
    duplicate = question_for(
        request,
        pk,
        permissions.can_moderate_question,
        _("Only the administrators of the owner unit and of the cluster merge questions."),
    )
    candidates = selectors.merge_candidates(request.user, duplicate)
    form = MergeForm(request.POST or None, candidates=candidates)

    def save():
        into = form.cleaned_data["into"]
        moderating.question_merge(
            duplicate=duplicate, into=into, moderator=request.user, base_url=base_url(request)
        )
        messages.success(
            request, _("The duplicate is merged: its votes and followers moved to this question.")
        )
        return redirect(into)

    context = {"question": duplicate, "has_candidates": candidates.exists()}
    return form_page(request, "seminars/qa/question_merge.html", form, save, context=context)
