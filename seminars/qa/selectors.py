"""Reads that the Q&A pages share. Every list goes through ``visible_questions``: the rule of
``permissions.can_view_question`` as a filter, so a question on a restricted model never shows to
someone who may not see the model, in a list, a search, an inbox, a count or a notice."""

from django.contrib.postgres.search import SearchRank
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)

from emulation_cluster import audit
from emulation_cluster.models import Unit
from emulation_cluster.permissions import is_cluster_member, member_unit_ids
from emulation_cluster.selectors import in_unit_tree
from models_registry.models import Topic
from models_registry.permissions import visible_models_q
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
    """A row of a list: the model, both units, the seminar, visible answers, the user's vote."""
    return questions.select_related(
        "exemplary_model", "owner_unit", "asking_unit", "seminar"
    ).annotate(
        answer_count=Count("answers", filter=Q(answers__hidden_at__isnull=True)),
        has_voted=Exists(Vote.objects.filter(question=OuterRef("pk"), voter_id=user.pk)),
    )


def search_questions(user, text: str = "", state: str = ""):
    """Visible questions, searched without diacritics like the models (title first, then text)."""
    questions = visible_questions(user)
    if state:
        questions = questions.filter(state=state)
    text = (text or "").strip()
    query = search_query(text) if text else None
    if text and query is None:
        return Question.objects.none()
    if query is None:
        return for_listing(questions, user).order_by("-created_at", "-id")
    # Every match is counted and reachable: no cap on the ranked matches.
    accents_match = Case(
        When(title__icontains=text, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return (
        for_listing(questions.filter(search_vector=query), user)
        .annotate(accents_match=accents_match, rank=SearchRank(F("search_vector"), query))
        .order_by("-accents_match", "-rank", "-created_at", "-id")
    )


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


def question_detail_queryset():
    """Everything a thread shows, in a fixed number of queries whatever its length."""
    comments = Comment.objects.select_related("author", "hidden_by").order_by("created_at", "id")
    return Question.objects.select_related(
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
    ).prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("author", "official_unit", "hidden_by")
            .prefetch_related(Prefetch("comments", queryset=comments))
            .order_by("created_at", "id"),
        ),
        Prefetch("comments", queryset=comments.filter(answer__isnull=True), to_attr="own_comments"),
        Prefetch(
            "duplicates",
            queryset=Question.objects.only("pk", "title", "merged_into_id").order_by("id"),
        ),
    )


def ordered_answers(question) -> list:
    """The accepted answer first, then the official ones, then the others, each by time."""
    answers = list(question.answers.all())
    return sorted(
        answers,
        key=lambda answer: (
            answer.pk != question.accepted_answer_id,
            not answer.is_official,
            answer.created_at,
            answer.pk,
        ),
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


def follows_target(user, **target) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **target).exists()


def has_voted(user, question) -> bool:
    return question.votes.filter(voter=user).exists()


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
