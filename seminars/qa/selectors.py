"""Reads that the Q&A pages share. Every list goes through ``visible_questions``: the rule of
``permissions.can_view_question`` as a filter, so a question on a restricted model never shows to
someone who may not see the model, in a list, a search, an inbox, a count or a notice."""

from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)

from emulation_cluster import audit
from emulation_cluster.models import Unit
from emulation_cluster.permissions import is_cluster_member, member_unit_ids
from emulation_cluster.selectors import in_unit_tree
from models_registry.models import Topic
from models_registry.permissions import visible_models_q
from models_registry.relevance import Relevance
from models_registry.selectors import search_query
from seminars.enums import QuestionState, SeminarStatus
from seminars.models import Seminar
from seminars.permissions import visible_seminars_q
from seminars.qa import permissions
from seminars.qa.models import Answer, Comment, Follow, Question, Vote
from seminars.qa.permissions import visible_questions_q


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the median of intervals (NULLs are left out)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def visible_questions(user):
    """Questions ``user`` may see; hidden ones are left out of lists (their page stays readable)."""
    return Question.objects.filter(visible_questions_q(user), hidden_at__isnull=True)


def for_listing(questions, user):
    """A row of a list: the model, both units, the seminar, the user's vote (the number of
    shown answers is the question's own ``answer_count``)."""
    return questions.select_related(
        "exemplary_model", "owner_unit", "asking_unit", "seminar"
    ).annotate(
        has_voted=Exists(Vote.objects.filter(question=OuterRef("pk"), voter_id=user.pk)),
    )


def listing_ids(questions):
    """A list's ids alone, in its order: what a page is cut from and counted on. The rows'
    joins and subqueries then run for the page's rows only (``listing_rows``), not for every
    row that OFFSET skips or that the count reads."""
    return questions.values_list("pk", flat=True)


def listing_rows(user, ids) -> list:
    """The questions of ``ids`` as a list shows them, in the order of ``ids`` (one query)."""
    ids = list(ids)
    rows = {row.pk: row for row in for_listing(Question.objects.filter(pk__in=ids), user)}
    return [rows[pk] for pk in ids if pk in rows]


def search_questions(user, text: str = "", state: str = "", per_page: int = 25):
    """Visible questions, searched without diacritics like the models (title first, then text):
    (the questions, newest first, and None) without a search; (the matches, bare, and their
    ``Relevance`` order, whose pages ``views.listing.search_page`` reads) with one."""
    questions = visible_questions(user)
    if state:
        questions = questions.filter(state=state)
    text = (text or "").strip()
    query = search_query(text) if text else None
    if text and query is None:
        return Question.objects.none(), None
    if query is None:
        return for_listing(questions, user).order_by("-created_at", "-id"), None
    # Every match is counted and reachable; only the first window is ranked at scale.
    newest = ("-created_at", "-id")
    return questions.filter(search_vector=query), Relevance(query, text, newest, per_page)


def unit_inbox(user, unit, state: str = QuestionState.OPEN):
    """Questions addressed to the unit (or its sub-units), oldest first: what it owes."""
    questions = visible_questions(user).filter(in_unit_tree("owner_unit", unit))
    if state:
        questions = questions.filter(state=state)
    return for_listing(questions, user).order_by("created_at", "id")


def unit_asked(user, unit, state: str = ""):
    """Questions the unit (or its sub-units) asked, newest first, with their state."""
    questions = visible_questions(user).filter(in_unit_tree("asking_unit", unit))
    if state:
        questions = questions.filter(state=state)
    return for_listing(questions, user).order_by("-created_at", "-id")


def for_export(questions):
    """A list's rows as its export reads them: the first official answer still shown (its text
    and when it became official) in the same query, so that the rows stream from one cursor."""
    official = Answer.objects.filter(
        question=OuterRef("pk"), is_official=True, hidden_at__isnull=True
    ).order_by("made_official_at", "id")
    return questions.annotate(
        official_answer=Subquery(official.values("body")[:1]),
        official_answer_at=Subquery(official.values("made_official_at")[:1]),
    )


def model_questions(user, exemplary_model):
    return for_listing(
        visible_questions(user).filter(exemplary_model=exemplary_model), user
    ).order_by("-created_at", "-id")


def latest_model_questions(user, exemplary_model, size: int) -> tuple[list, int]:
    """The model page's ``size`` newest questions and how many ``user`` may see in all, in one
    query: the count is an uncorrelated subquery, run once beside the page's rows."""
    counted = (
        visible_questions(user)
        .filter(exemplary_model=exemplary_model)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    total = Subquery(counted, output_field=IntegerField())
    rows = list(model_questions(user, exemplary_model).annotate(listed_total=total)[:size])
    return rows, rows[0].listed_total if rows else 0


def seminar_questions(user, seminar):
    """The seminar's thread: open questions first, most votes first, then the oldest first."""
    open_first = Case(
        When(state=QuestionState.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        for_listing(visible_questions(user).filter(seminar=seminar), user)
        .annotate(open_first=open_first)
        .order_by("open_first", "-vote_count", "created_at", "id")
    )


def question_detail_queryset(user):
    """The question of a thread with all it shows of itself, and whether ``user`` voted for it
    and follows it (one query). Its answers and comments come by the page (``thread_page``)."""
    return (
        Question.objects.select_related(
            "exemplary_model",
            "exemplary_model__owner_unit",
            "owner_unit",
            "asking_unit",
            "author",
            "seminar",
            "merged_into",
            "accepted_by",
            "answered_live_by",
            "locked_by",
            "hidden_by",
            "attached_file",
        )
        .annotate(
            reader_voted=Exists(Vote.objects.filter(question=OuterRef("pk"), voter_id=user.pk)),
            reader_follows=followed_by(user, "question"),
        )
        .prefetch_related(
            Prefetch(
                "duplicates",
                queryset=Question.objects.only("pk", "title", "merged_into_id").order_by("id"),
            )
        )
    )


def _answers_in_order(question):
    """The accepted answer first, then the official ones, then the others, each by time."""
    accepted_first = Case(
        When(pk=question.accepted_answer_id or 0, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return question.answers.annotate(accepted_first=accepted_first).order_by(
        "accepted_first", "-is_official", "created_at", "id"
    )


def answer_position(question, answer_pk) -> int | None:
    """Where the answer ``answer_pk`` stands in its thread (0 first), None if not in it."""
    ids = list(_answers_in_order(question).values_list("pk", flat=True))
    return ids.index(answer_pk) if answer_pk in ids else None


def thread_answers(question, start: int, stop: int) -> tuple[list, int]:
    """The thread's answers ``start``..``stop`` in reading order with their authors, and the
    number of all its answers (one query: the total is a window count over the same rows)."""
    rows = list(
        _answers_in_order(question)
        .select_related("author", "official_unit", "hidden_by")
        .annotate(thread_total=Window(Count("pk")))[start:stop]
    )
    total = rows[0].thread_total if rows else question.answers.count()
    return rows, total


def attach_comments(question, answers) -> None:
    """The comments under the question (``question.own_comments``) and under each of
    ``answers`` (``answer.page_comments``), in one query."""
    by_answer = {answer.pk: answer for answer in answers}
    question.own_comments = []
    for answer in answers:
        answer.page_comments = []
    comments = (
        Comment.objects.filter(question=question)
        .filter(Q(answer__isnull=True) | Q(answer_id__in=list(by_answer)))
        .select_related("author", "hidden_by")
        .order_by("created_at", "id")
    )
    for comment in comments:
        if comment.answer_id is None:
            question.own_comments.append(comment)
        else:
            by_answer[comment.answer_id].page_comments.append(comment)


def answer_of_comment(question, raw_pk) -> int | None:
    """The answer a comment of ``question`` is under (None: under the question, or no such
    comment), for a link to the comment on its page of the thread."""
    if not str(raw_pk or "").isdigit():
        return None
    return (
        question.comments.filter(pk=raw_pk, answer__isnull=False)
        .values_list("answer_id", flat=True)
        .first()
    )


def unit_question_stats(user, unit):
    """The unit's open questions and median time to a first official answer (one query).

    Over the questions addressed to the unit and its sub-units that ``user`` may see; None for
    visitors (questions are the members' side), without a query.
    """
    if not is_cluster_member(user):
        return None
    return (
        visible_questions(user)
        .filter(in_unit_tree("owner_unit", unit))
        .aggregate(
            open=Count("pk", filter=Q(state=QuestionState.OPEN)),
            answered=Count("pk", filter=Q(first_official_answer_at__isnull=False)),
            median=Median(
                ExpressionWrapper(
                    F("first_official_answer_at") - F("created_at"), output_field=DurationField()
                )
            ),
        )
    )


def my_units(user):
    """Units of the user's active memberships (the inbox links of the Q&A menu)."""
    return Unit.objects.filter(id__in=member_unit_ids(user))


def follows_of(user):
    """What ``user`` follows, models and questions only while they may still see them."""
    visible = (
        Q(unit__isnull=False)
        | Q(topic__isnull=False)
        | (Q(exemplary_model__isnull=False) & visible_models_q(user, "exemplary_model__"))
        | (Q(question__isnull=False) & visible_questions_q(user, "question__"))
    )
    return (
        Follow.objects.filter(user=user)
        .filter(visible)
        .select_related("exemplary_model", "unit", "question", "topic")
        .order_by("-created_at", "-id")
    )


def followed_by(user, field: str):
    """Whether ``user`` follows the row (``field``: "unit", "exemplary_model", "question"), as
    an annotation: the page reads it with the row instead of asking once more."""
    return Exists(Follow.objects.filter(user_id=user.pk, **{field: OuterRef("pk")}))


def seminars_open_for_questions(user):
    """Seminars whose thread takes a new question: scheduled or held, newest first."""
    return (
        Seminar.objects.filter(visible_seminars_q(user))
        .exclude(status__in=[SeminarStatus.DRAFT, SeminarStatus.CANCELLED, SeminarStatus.CLOSED])
        .order_by("-starts_at", "-id")
    )


def seminar_chosen(seminars, raw_pk):
    """The seminar named in the address (``?hoi-nghi=12``) if it is one of ``seminars``."""
    if not (raw_pk or "").isdigit():
        return None
    return seminars.filter(pk=raw_pk).first()


def merge_candidates(user, duplicate):
    """Questions on the same model that ``duplicate`` may be merged into."""
    return (
        visible_questions(user)
        .filter(exemplary_model=duplicate.exemplary_model, merged_into__isnull=True)
        .exclude(pk=duplicate.pk)
        .order_by("-created_at", "-id")
    )


def presented_models_to_ask(user, seminar) -> list:
    """Models presented at the seminar that ``user`` may ask about, in agenda order."""
    items = (
        seminar.agenda_items.filter(exemplary_model__isnull=False)
        .select_related("exemplary_model", "exemplary_model__owner_unit")
        .order_by("position")
    )
    return [
        item.exemplary_model
        for item in items
        if permissions.can_ask_question(user, item.exemplary_model)
    ]


def history_entries(question):
    """The thread's audit history: the question's own entries and those of its posts."""
    return audit.history_of(question)


def mark_withheld(entries, question, *, may_moderate: bool) -> None:
    """What a moderator hid stays out of its history for the other readers."""
    hidden = {("question", question.pk)} if question.hidden_at else set()
    if not may_moderate:
        hidden |= {
            ("answer", pk)
            for pk in question.answers.filter(hidden_at__isnull=False).values_list("pk", flat=True)
        }
        hidden |= {
            ("comment", pk)
            for pk in question.comments.filter(hidden_at__isnull=False).values_list("pk", flat=True)
        }
    for entry in entries:
        entry.withheld = not may_moderate and (entry.target_type.model, entry.target_id) in hidden


def attachment_of(question):
    """The question's attached file, or None."""
    return getattr(question, "attached_file", None)


def topics_not_followed(user):
    """The topics ``user`` may still follow (for the settings page's choice), by name."""
    return Topic.objects.exclude(followers__user=user).order_by("name_sort_key")
