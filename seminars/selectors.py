"""Reads that pages share: the seminars a user may see, listed, in a month, in full."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from emulation_cluster.models import ClusterTerm, Unit
from models_registry.models import ExemplaryModel
from models_registry.permissions import can_view_model
from seminars.enums import AgendaItemKind, Attendance, Reply, SeminarStatus
from seminars.findings import findings_of, with_findings
from seminars.models import (
    AgendaItem,
    CalendarFeedKey,
    Seminar,
    SeminarInvitation,
    SeminarMaterial,
)
from seminars.notices.reach import stand_ins
from seminars.notifications import unit_reaches
from seminars.permissions import organizer_unit_ids, visible_seminars_q

FIRST_MONTH = datetime.date(2000, 1, 1)
LAST_MONTH = datetime.date(2100, 12, 1)


def visible_seminars(user):
    """Every seminar ``user`` may open: the same rule as ``permissions.can_view_seminar``."""
    return Seminar.objects.filter(visible_seminars_q(user))


def with_reply_counts(seminars):
    """How many units are invited, attending (their reply) and were present."""
    return seminars.annotate(
        invited_count=Count("invitations", distinct=True),
        attending_count=Count(
            "invitations", filter=Q(invitations__reply=Reply.ATTENDING), distinct=True
        ),
        present_count=Count(
            "invitations",
            filter=Q(invitations__attendance=Attendance.PRESENT),
            distinct=True,
        ),
    )


def for_listing(seminars, user):
    """A row of a list: host, counts of invited and attending units, and the user's invitations."""
    return with_reply_counts(seminars.select_related("host_unit")).prefetch_related(
        Prefetch(
            "invitations",
            queryset=SeminarInvitation.objects.filter(
                unit_id__in=organizer_unit_ids(user)
            ).select_related("unit"),
            to_attr="my_invitations",
        )
    )


def upcoming_seminars(user, now=None):
    now = now or timezone.now()
    return (
        for_listing(visible_seminars(user), user)
        .filter(ends_at__gte=now)
        .order_by("starts_at", "id")
    )


def past_seminars(user, now=None):
    now = now or timezone.now()
    return (
        for_listing(visible_seminars(user), user)
        .filter(ends_at__lt=now)
        .order_by("-starts_at", "-id")
    )


def seminars_for_export(user, *, period: str = "", year: int | None = None, now=None):
    """Seminars ``user`` may open, upcoming or past (``period``) and of a year (by their start
    in Vietnam's time), in date order; with their invitations as ``invitations_for_export``."""
    now = now or timezone.now()
    seminars = visible_seminars(user)
    if period == "upcoming":
        seminars = seminars.filter(ends_at__gte=now)
    elif period == "past":
        seminars = seminars.filter(ends_at__lt=now)
    if year is not None:
        seminars = seminars.filter(starts_at__year=year)
    return seminars.select_related("host_unit").order_by("starts_at", "id")


def invitations_for_export(seminars):
    """One row per seminar and invited unit, in the seminars' order, then the units'."""
    return (
        SeminarInvitation.objects.filter(seminar__in=seminars.values("pk"))
        .select_related("seminar", "seminar__host_unit", "unit")
        .order_by("seminar__starts_at", "seminar_id", "unit__name_sort_key", "id")
    )


def next_seminar_for(user):
    """The next seminar the visitor may see (for the home page); no query for visitors."""
    if not user.is_authenticated:
        return None
    return (
        visible_seminars(user)
        .exclude(status__in=[SeminarStatus.CANCELLED, SeminarStatus.DRAFT])
        .filter(ends_at__gte=timezone.now())
        .select_related("host_unit")
        .order_by("starts_at", "id")
        .first()
    )


def calendar_seminars(user, now=None):
    """What the user's calendar feed lists: upcoming and recent, cancelled ones marked."""
    now = now or timezone.now()
    return (
        visible_seminars(user)
        .exclude(status=SeminarStatus.DRAFT)
        .filter(ends_at__gte=now - datetime.timedelta(days=30))
        .select_related("host_unit")
        .prefetch_related(agenda_prefetch())
        .order_by("starts_at", "id")
    )


def agenda_prefetch():
    items = AgendaItem.objects.select_related("presenting_unit", "exemplary_model")
    return Prefetch("agenda_items", queryset=items.order_by("position", "starts_at", "id"))


def seminar_detail_queryset(*, with_materials=True):
    """Everything the detail page (or, ``with_materials=False``, the minutes) shows, in a fixed
    number of queries: the findings in the seminar's row (``findings.with_findings``), all its
    materials in one query (``place_materials`` hands them to the agenda items)."""
    seminars = with_findings(
        Seminar.objects.select_related("host_unit", "cluster", "chair_user", "created_by")
    ).prefetch_related(
        agenda_prefetch(),
        Prefetch(
            "invitations",
            queryset=SeminarInvitation.objects.select_related("unit", "replied_by").order_by(
                "unit__name_sort_key"
            ),
        ),
    )
    if with_materials:
        seminars = seminars.prefetch_related(
            Prefetch("materials", queryset=SeminarMaterial.objects.all(), to_attr="all_materials")
        )
    return seminars


def place_materials(seminar) -> None:
    """The materials of a seminar read ``with_materials``: ``general_materials`` on it (those of
    no agenda item) and ``placed_materials`` on each of its agenda items."""
    by_item = {}
    for material in seminar.all_materials:
        by_item.setdefault(material.agenda_item_id, []).append(material)
    seminar.general_materials = by_item.get(None, [])
    for item in seminar.agenda_items.all():
        item.placed_materials = by_item.get(item.pk, [])


def visible_model_ids(user, seminar) -> set[int]:
    """Models named by the seminar (agenda, lessons, solutions) that ``user`` may open.

    Checked on already-fetched rows: no query beyond the user's cached roles.
    """
    models = [item.exemplary_model for item in seminar.agenda_items.all() if item.exemplary_model]
    lessons, solutions = findings_of(seminar)
    for finding in [*lessons, *solutions]:
        models.extend(finding.concerned_models)
    return {model.pk for model in models if can_view_model(user, model)}


@dataclass(frozen=True)
class ReplySummary:
    attending: list
    not_attending: list
    pending: list
    delegates: int
    present: list
    absent: list
    excused: list

    @property
    def invited(self) -> int:
        return len(self.attending) + len(self.not_attending) + len(self.pending)


def reply_summary(invitations) -> ReplySummary:
    """Who comes, who does not and who has not replied (from already-fetched invitations)."""
    attending = [i for i in invitations if i.reply == Reply.ATTENDING]
    return ReplySummary(
        attending=attending,
        not_attending=[i for i in invitations if i.reply == Reply.NOT_ATTENDING],
        pending=[i for i in invitations if not i.reply],
        delegates=sum(i.delegation_size or 0 for i in attending),
        present=[i for i in invitations if i.attendance == Attendance.PRESENT],
        absent=[i for i in invitations if i.attendance == Attendance.ABSENT],
        excused=[i for i in invitations if i.attendance == Attendance.EXCUSED],
    )


def presented_models(seminar):
    """Models presented at the seminar, for linking lessons and solutions to them."""
    return (
        ExemplaryModel.objects.filter(
            seminar_presentations__seminar=seminar,
            seminar_presentations__kind=AgendaItemKind.PRESENTATION,
        )
        .select_related("owner_unit")
        .distinct()
        .order_by("title_sort_key")
    )


# --- the month view ---------------------------------------------------------------------------


def parse_month(text: str | None) -> datetime.date | None:
    """``2025-09`` → 1 September 2025; anything else (or out of range) → None."""
    try:
        year, month = (int(part) for part in (text or "").strip().split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        return None
    if not FIRST_MONTH <= first <= LAST_MONTH:
        return None
    return first


def next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def previous_month(first: datetime.date) -> datetime.date:
    return (first - datetime.timedelta(days=1)).replace(day=1)


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    seminars: list = field(default_factory=list)


def month_view(user, first: datetime.date) -> dict:
    """What the month page shows: the grid of weeks, the month's seminars, the way around."""
    seminars = list(month_seminars(user, first))
    previous, following = previous_month(first), next_month(first)
    return {
        "month": first,
        "weeks": month_grid(first, seminars),
        "seminars": seminars,
        "previous_month": previous if previous >= FIRST_MONTH else None,
        "next_month": following if following <= LAST_MONTH else None,
    }


def feed_key_of(user):
    return CalendarFeedKey.objects.filter(user=user).first()


def month_seminars(user, first: datetime.date):
    """Seminars that overlap the month (in Vietnamese time)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(next_month(first), datetime.time.min, tzinfo=zone)
    return (
        visible_seminars(user)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("host_unit")
        .order_by("starts_at", "id")
    )


def month_grid(first: datetime.date, seminars) -> list[list[CalendarDay]]:
    """Weeks from Monday to Sunday, each day with the seminars held on it."""
    today = timezone.localdate()
    weeks = [
        [CalendarDay(day, day.month == first.month, day == today) for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            first.year, first.month
        )
    ]
    days = {day.date: day for week in weeks for day in week}
    for seminar in seminars:
        day = timezone.localdate(seminar.starts_at)
        last = timezone.localdate(seminar.ends_at)
        while day <= last:
            if day in days:
                days[day].seminars.append(seminar)
            day += datetime.timedelta(days=1)
    return weeks


# --- invitations and replies -----------------------------------------------------------------


def term_of(seminar):
    """The cluster term of the seminar's year (else the latest before it)."""
    return (
        ClusterTerm.objects.filter(
            cluster=seminar.cluster_id, year__lte=timezone.localdate(seminar.starts_at).year
        )
        .order_by("-year")
        .first()
    )


def invitation_overview(seminar, term) -> dict:
    """The units invited so far, and the term's members not invited yet (the host aside)."""
    invited = list(seminar.invitations.select_related("unit"))
    invited_ids = {invitation.unit_id for invitation in invited}
    members = list(term.member_units.exclude(id=seminar.host_unit_id)) if term else []
    return {
        "term": term,
        "invited": invited,
        "uninvited_members": [unit for unit in members if unit.pk not in invited_ids],
    }


def invitation_stand_ins(unit_ids) -> list:
    """The invited units with nobody of their own to receive the seminar's messages, each with
    who receives them instead (``seminars.notices.reach.Reach``); the organizers are warned."""
    return stand_ins(unit_reaches(unit_ids)) if unit_ids else []


@dataclass(frozen=True)
class ReplyChoice:
    """For whom the reply page answers: the reader's units, their invitations, the one chosen."""

    units: object
    invitations: list
    current: object
    initial: dict


def reply_choice(user, seminar, unit_slug: str | None) -> ReplyChoice:
    """The unit named in the address (``?don-vi=``) if it is the reader's, else their first
    invited unit; the form starts from that unit's reply, if any."""
    # Only the reader's units that were invited: the others have nothing to reply to.
    units = Unit.objects.filter(
        id__in=organizer_unit_ids(user), seminar_invitations__seminar=seminar
    ).distinct()
    invitations = {
        invitation.unit_id: invitation
        for invitation in SeminarInvitation.objects.filter(
            seminar=seminar, unit__in=units
        ).select_related("unit")
    }
    chosen = units.filter(slug=unit_slug).first() if unit_slug else None
    if chosen is None and invitations:
        chosen = next(iter(invitations.values())).unit
    current = invitations.get(chosen.pk) if chosen else None
    initial = {"unit": chosen}
    if current and current.reply:
        initial.update(
            reply=current.reply,
            delegation_size=current.delegation_size,
            delegation_names=current.delegation_names,
        )
    return ReplyChoice(units, list(invitations.values()), current, initial)
