"""Seminars: the agenda, the invited units and their replies, materials, and what was learned.

Times are stored in UTC and shown in Asia/Ho_Chi_Minh. ``Seminar.uid`` never changes and
``Seminar.sequence`` goes up on every change of time or venue, so a calendar application that
imported the .ics updates its copy instead of adding a second event.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Deferrable, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_cluster.dates import local_time
from emulation_cluster.models import Cluster, TimeStampedModel, Unit
from models_registry.models import ExemplaryModel, StoredFile, random_upload_name
from seminars.enums import (
    EDITABLE_STATUSES,
    SEMINAR_TRANSITIONS,
    AgendaItemKind,
    Attendance,
    Reply,
    SeminarStatus,
)


class Seminar(TimeStampedModel):
    """A seminar (hội nghị tọa đàm) hosted by a unit of the cluster."""

    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    title = models.CharField(_("title"), max_length=250)
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="seminars"
    )
    host_unit = models.ForeignKey(
        Unit, verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="seminars_hosted"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    chair_name = models.CharField(
        _("chair"),
        max_length=250,
        blank=True,
        help_text=_("Rank, name and position, e.g. “Thiếu tướng Đào Thanh Hải, Phó Giám đốc”."),
    )
    chair_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair's portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True, max_length=20000)
    status = models.CharField(
        _("status"), max_length=16, choices=SeminarStatus.choices, default=SeminarStatus.DRAFT
    )
    reply_deadline = models.DateTimeField(
        _("reply deadline"),
        null=True,
        blank=True,
        help_text=_("Units reply before this time; left empty, they may reply until the start."),
    )
    # RFC 5545 SEQUENCE: raised on every change of time or venue (and on cancellation).
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)

    minutes = models.TextField(_("minutes"), blank=True, max_length=50000)
    questions_and_answers = models.TextField(
        _("questions and answers"), blank=True, max_length=50000
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="seminar_starts_idx"),
            models.Index(fields=["host_unit", "starts_at"], name="seminar_host_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="seminar_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~(Q(venue="") & Q(online_url="")), name="seminar_has_venue_or_link"
            ),
            models.CheckConstraint(
                condition=Q(reply_deadline__isnull=True) | Q(reply_deadline__lte=F("starts_at")),
                name="seminar_reply_deadline_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("seminar_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The seminar must end after it starts.")
        if not (self.venue or "").strip() and not (self.online_url or "").strip():
            errors["venue"] = _("Give a venue or an online meeting link.")
        if self.reply_deadline and self.starts_at and self.reply_deadline > self.starts_at:
            errors["reply_deadline"] = _("The reply deadline must not be after the start.")
        if self.host_unit_id and self.cluster_id is None:
            errors["host_unit"] = _("The host unit does not belong to a cluster.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def next_steps(self) -> frozenset[str]:
        """The steps of ``SEMINAR_TRANSITIONS`` that its status allows (``"close" in ...``)."""
        return frozenset(
            action
            for action, (sources, _target) in SEMINAR_TRANSITIONS.items()
            if self.status in sources
        )

    @property
    def is_draft(self) -> bool:
        return self.status == SeminarStatus.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == SeminarStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def replies_close_at(self):
        return self.reply_deadline or self.starts_at

    @property
    def replies_open(self) -> bool:
        return self.status == SeminarStatus.SCHEDULED and timezone.now() < self.replies_close_at

    @property
    def attendance_open(self) -> bool:
        """Attendance is marked on the day of the seminar or after, until it is closed."""
        return self.status in (
            SeminarStatus.SCHEDULED,
            SeminarStatus.HELD,
        ) and timezone.localdate() >= timezone.localdate(self.starts_at)

    @property
    def spans_several_days(self) -> bool:
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    @property
    def where(self) -> str:
        """The venue, else the online link: what a calendar calls LOCATION."""
        return self.venue or self.online_url

    def not_editable_message(self) -> str:
        if self.status == SeminarStatus.CANCELLED:
            return _("This seminar is cancelled: it can no longer be changed.")
        return _("This seminar is closed: its record can no longer be changed.")


class AgendaItem(models.Model):
    """One item of the programme, in time order; a presentation may present an exemplary model."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    starts_at = models.DateTimeField(_("starts at"))
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=AgendaItemKind.choices,
        default=AgendaItemKind.PRESENTATION,
    )
    title = models.CharField(_("title"), max_length=250)
    presenting_unit = models.ForeignKey(
        Unit,
        verbose_name=_("presenting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    speaker = models.CharField(
        _("speaker"),
        max_length=250,
        blank=True,
        help_text=_("Rank, name and position."),
    )
    exemplary_model = models.ForeignKey(
        ExemplaryModel,
        verbose_name=_("model presented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seminar_presentations",
    )
    is_guest_presentation = models.BooleanField(
        _("guest presentation"),
        default=False,
        help_text=_("The presenting unit presents a model that another unit owns."),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "starts_at", "id"]
        constraints = [
            # Deferred so that two items can swap places in one transaction.
            models.UniqueConstraint(
                fields=["seminar", "position"],
                name="agenda_item_one_per_position",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(exemplary_model__isnull=True) | Q(kind=AgendaItemKind.PRESENTATION),
                name="agenda_item_model_only_in_presentation",
            ),
        ]

    def __str__(self):
        return self.title

    def presenter_owns_model(self) -> bool:
        """The owner unit, or a unit above it (a city presents its ward's model), owns it."""
        if self.exemplary_model_id is None or self.presenting_unit_id is None:
            return True
        owner = self.exemplary_model.owner_unit
        ancestors = {owner.pk}
        parent = owner.parent
        while parent is not None:
            ancestors.add(parent.pk)
            parent = parent.parent
        return self.presenting_unit_id in ancestors

    def clean(self):
        errors = {}
        seminar = self.seminar
        if self.starts_at and not (seminar.starts_at <= self.starts_at < seminar.ends_at):
            errors["starts_at"] = _(
                "The item starts at %(time)s, outside the seminar's hours (%(start)s–%(end)s)."
            ) % {
                "time": local_time(self.starts_at),
                "start": local_time(seminar.starts_at),
                "end": local_time(seminar.ends_at),
            }
        if self.exemplary_model_id and self.kind != AgendaItemKind.PRESENTATION:
            errors["exemplary_model"] = _("Only a presentation presents a model.")
        if self.kind == AgendaItemKind.PRESENTATION and self.exemplary_model_id:
            if self.presenting_unit_id is None:
                errors["presenting_unit"] = _("Say which unit presents the model.")
            elif self.presenter_owns_model():
                self.is_guest_presentation = False
            elif not self.is_guest_presentation:
                errors["is_guest_presentation"] = _(
                    "%(unit)s does not own “%(model)s” (%(owner)s does): tick “guest "
                    "presentation” to let it present the model as a guest."
                ) % {
                    "unit": self.presenting_unit,
                    "model": self.exemplary_model,
                    "owner": self.exemplary_model.owner_unit,
                }
        else:
            self.is_guest_presentation = False
        if errors:
            raise ValidationError(errors)


class SeminarInvitation(TimeStampedModel):
    """A unit invited to a seminar: its reply and delegation, then its attendance on the day."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="seminar_invitations"
    )
    reply = models.CharField(_("reply"), max_length=16, choices=Reply.choices, blank=True)
    delegation_size = models.PositiveSmallIntegerField(
        _("number of delegates"), null=True, blank=True
    )
    delegation_names = models.TextField(
        _("delegation"),
        blank=True,
        max_length=5000,
        help_text=_("Rank, name and position of each delegate, one a line."),
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, blank=True
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["unit__name_sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["seminar", "unit"], name="invitation_one_per_unit"),
            models.CheckConstraint(
                condition=Q(reply="") | Q(replied_at__isnull=False),
                name="invitation_reply_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.seminar} · {self.unit}"

    @property
    def has_replied(self) -> bool:
        return bool(self.reply)


class Lesson(models.Model):
    """A lesson learned at the seminar (bài học kinh nghiệm)."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="lessons"
    )
    text = models.TextField(_("lesson learned"), max_length=5000)
    exemplary_models = models.ManyToManyField(
        ExemplaryModel, verbose_name=_("models concerned"), blank=True, related_name="lessons"
    )

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["id"]

    def __str__(self):
        return self.text[:80]


class Solution(models.Model):
    """A solution or measure proposed at the seminar (giải pháp, biện pháp)."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="solutions"
    )
    text = models.TextField(_("proposed solution"), max_length=5000)
    exemplary_models = models.ManyToManyField(
        ExemplaryModel, verbose_name=_("models concerned"), blank=True, related_name="solutions"
    )

    class Meta:
        verbose_name = _("proposed solution")
        verbose_name_plural = _("proposed solutions")
        ordering = ["id"]

    def __str__(self):
        return self.text[:80]


def material_path(material, filename: str) -> str:
    return random_upload_name("seminar-materials", filename)


class SeminarMaterial(StoredFile):
    """Slides or a document for the seminar as a whole or for one agenda item."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="materials"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    file = models.FileField(_("file"), upload_to=material_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("seminar material")
        verbose_name_plural = _("seminar materials")

    def get_absolute_url(self):
        return reverse("material_download", kwargs={"pk": self.seminar_id, "material_pk": self.pk})


class SeminarReminder(models.Model):
    """A reminder sent for one revision of a seminar: what keeps the command idempotent."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="reminders"
    )
    sequence = models.PositiveIntegerField(_("calendar revision"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "sequence"], name="reminder_once_per_revision"
            ),
        ]

    def __str__(self):
        return f"{self.seminar} #{self.sequence}"


class CalendarFeedKey(models.Model):
    """The secret in a user's private calendar address, for calendar apps that cannot log in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="seminar_feed_key",
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address key")
        verbose_name_plural = _("calendar address keys")

    def __str__(self):
        return str(self.user)


# The notices and the Q&A threads live in their own packages; imported here so that Django
# registers their models in this app.
from seminars.notices.models import *  # noqa: E402, F403
from seminars.qa.models import *  # noqa: E402, F403
