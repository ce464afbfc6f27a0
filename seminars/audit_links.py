"""How the cluster's audit page links to seminars and Q&A threads (registered in ``apps.ready``).

A seminar's agenda items, lessons and materials have no page of their own: their entries link
to the seminar (their subject in the log).
"""

from django.urls import reverse

from emulation_cluster.audit_log.links import register
from seminars.awards.models import Nomination
from seminars.awards.permissions import visible_nominations_q
from seminars.models import Seminar
from seminars.permissions import visible_seminars_q
from seminars.qa.models import Answer, Comment, Question
from seminars.qa.permissions import visible_questions_q


def _seminar_page(pk, _pk):
    return reverse("seminar_detail", kwargs={"pk": pk})


def _question_page(pk, _pk):
    return reverse("question_detail", kwargs={"pk": pk})


def _post_page(anchor):
    def address(question_pk, pk):
        return f"{reverse('question_detail', kwargs={'pk': question_pk})}#{anchor}-{pk}"

    return address


def _nomination_page(pk, _pk):
    return reverse("nomination_detail", kwargs={"pk": pk})


def _in_visible_question(user):
    return visible_questions_q(user, "question__")


def register_links() -> None:
    register(Seminar, "pk", _seminar_page, visible_seminars_q)
    register(Question, "pk", _question_page, visible_questions_q)
    register(Answer, "question_id", _post_page("tra-loi"), _in_visible_question)
    register(Comment, "question_id", _post_page("binh-luan"), _in_visible_question)
    register(Nomination, "pk", _nomination_page, visible_nominations_q)
