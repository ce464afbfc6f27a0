"""The counters a question carries for its lists (``answer_count``), kept right in SQL.

A list of questions shows each one's number of answers; counting them there grouped every answer
of every question before the page's LIMIT (13–17 s at 400,000 questions and 600,000 answers). The
count is stored on the question instead and recounted, in the writer's transaction, by every
write that adds, hides, shows or deletes an answer: a recount rather than ``+ 1`` so that it is
right whatever happened before (two writers, a row deleted in the admin).
"""

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete

from seminars.qa.models import Answer, Question


def shown_answers_count():
    """The number of shown (not hidden) answers of the question at ``OuterRef("pk")``."""
    counted = (
        Answer.objects.filter(question=OuterRef("pk"), hidden_at__isnull=True)
        .order_by()
        .values("question")
        .annotate(shown=Count("pk"))
        .values("shown")
    )
    return Coalesce(Subquery(counted), Value(0))


def count_answers(*question_ids) -> None:
    """Recount the shown answers of these questions (one UPDATE)."""
    Question.objects.filter(pk__in=question_ids).update(answer_count=shown_answers_count())


def _answer_deleted(sender, instance, **kwargs):
    # An answer deleted in the admin (or with its question: then nothing is left to update).
    count_answers(instance.question_id)


def connect() -> None:
    """Called by the app's ``ready``: deleting an answer, however it happens, recounts."""
    post_delete.connect(_answer_deleted, sender=Answer, dispatch_uid="qa_answer_count_on_delete")
