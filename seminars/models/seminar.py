"""Seminars: the agenda, the invited units and their replies, materials, and what was learned.

Times are stored in UTC and shown in Asia/Ho_Chi_Minh. ``Seminar.uid`` never changes and
``Seminar.sequence`` goes up on every change of time or venue, so a calendar application that
imported the .ics updates its copy instead of adding a second event.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_cluster.dates import time_span
from emulation_cluster.models import Cluster, TimeStampedModel, Unit
from seminars.enums import (
    EDITABLE_STATUSES,
    SEMINAR_TRANSITIONS,
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
    def when(self) -> str:
        """“14:00–17:00, 06/09/2025” in the reader's formats (both ends in full over days)."""
        return time_span(self.starts_at, self.ends_at)

    @property
    def where(self) -> str:
        """The venue, else the online link: what a calendar calls LOCATION."""
        return self.venue or self.online_url

    def not_editable_message(self) -> str:
        if self.status == SeminarStatus.CANCELLED:
            return _("This seminar is cancelled: it can no longer be changed.")
        return _("This seminar is closed: its record can no longer be changed.")
