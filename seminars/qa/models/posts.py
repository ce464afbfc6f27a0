"""Q&A threads: a unit asks the owner unit of a model, the owner answers officially.

A question belongs to a model and is addressed to the model's owner unit; it may also sit in a
seminar's thread (it then shows on the model's page and on the seminar's Q&A page). Answers and
comments come from anyone of the cluster; an answer by an editor of the owner unit is the unit's
official answer. Nothing is deleted: moderators hide a post (with a reason, in the audit log), lock
a thread or merge a duplicate into another question.

Imported by ``seminars/models`` so that Django registers these models in the ``seminars`` app.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from emulation_cluster.markdown import render_markdown
from emulation_cluster.models import TimeStampedModel, Unit
from emulation_cluster.vietnamese import fold
from models_registry.models import ExemplaryModel, StoredFile, random_upload_name
from seminars.enums import QuestionState

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10000
COMMENT_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
TOKEN_MAX_LENGTH = 64


class Post(TimeStampedModel):
    """What questions, answers and comments share: an author, a Markdown text, moderation."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    # The body's Markdown rendered and sanitised (``render_markdown``: markdown-it, then nh3) when
    # the post is saved, so that a long thread is not rendered again on every request. Empty for
    # rows written in bulk and not yet rendered (``manage.py render_post_bodies``).
    body_html = models.TextField(editable=False, default="")
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=NOTE_MAX_LENGTH, blank=True, editable=False
    )
    # A one-time token of the form that sent the post: the same form sent twice makes one post.
    submission_token = models.CharField(max_length=TOKEN_MAX_LENGTH, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = render_markdown(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    @property
    def rendered_body(self):
        """The body as HTML: what ``save`` stored, else rendered now (both through nh3)."""
        # Safe: body_html is only ever written by render_markdown, which sanitises with nh3.
        return mark_safe(self.body_html or render_markdown(self.body))  # noqa: S308 - sanitised

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


def _one_post_per_token(name):
    return models.UniqueConstraint(
        fields=["author", "submission_token"],
        condition=~Q(submission_token=""),
        name=name,
    )


def question_attachment_path(question, filename: str) -> str:
    return random_upload_name("question-attachments", filename)


class Question(Post):
    url_kind = "cau-hoi"  # in the addresses of the edit and hide pages

    exemplary_model = models.ForeignKey(
        ExemplaryModel,
        verbose_name=_("exemplary model"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="questions_received",
        help_text=_("The unit that owns the model when the question is asked."),
    )
    asking_unit = models.ForeignKey(
        Unit,
        verbose_name=_("asked on behalf of"),
        on_delete=models.PROTECT,
        related_name="questions_asked",
    )
    seminar = models.ForeignKey(
        "seminars.Seminar",
        verbose_name=_("seminar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    title = models.CharField(_("question"), max_length=TITLE_MAX_LENGTH)
    state = models.CharField(
        _("state"), max_length=16, choices=QuestionState.choices, default=QuestionState.OPEN
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    # The answers shown in the thread (not hidden): kept by ``counters.count_answers`` in the
    # transaction of every write that adds, hides, shows or deletes one, so that a list shows
    # it without grouping every answer of every question.
    answer_count = models.PositiveIntegerField(_("answers"), default=0, editable=False)
    first_official_answer_at = models.DateTimeField(
        _("first official answer at"), null=True, blank=True, editable=False
    )
    accepted_answer = models.ForeignKey(
        "seminars.Answer",
        verbose_name=_("accepted answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    answered_live_at = models.DateTimeField(
        _("answered live at"), null=True, blank=True, editable=False
    )
    answered_live_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked answered live by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    answered_live_note = models.CharField(
        _("note on the live answer"), max_length=NOTE_MAX_LENGTH, blank=True, editable=False
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, editable=False)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        editable=False,
    )

    # Search: diacritic-free copies of the text, indexed with the "simple" configuration.
    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_title", weight="A", config="simple")
        + SearchVector("search_body", weight="B", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="question_search_gin"),
            # The inbox (oldest first) and the unit page's figures.
            # Each list's order ends with the id (a stable page), so each index does too.
            models.Index(
                fields=["owner_unit", "state", "created_at", "id"], name="question_inbox_idx"
            ),
            # An inbox over a tree of units (a city's): read in its order, filtered by unit.
            models.Index(fields=["state", "created_at", "id"], name="question_state_age_idx"),
            models.Index(fields=["asking_unit", "-created_at", "-id"], name="question_asked_idx"),
            models.Index(
                fields=["exemplary_model", "-created_at", "-id"], name="question_model_idx"
            ),
            # The seminar's ranking: open questions by votes, then age.
            models.Index(
                fields=["seminar", "state", "-vote_count", "created_at"],
                name="question_seminar_rank_idx",
            ),
            # The Q&A list's newest order; what its filters and the reader's rule test comes
            # along, so a deep page walks the index alone, not 5,000 rows carrying long texts.
            models.Index(
                fields=["-created_at", "-id"],
                include=["exemplary_model", "hidden_at", "state"],
                name="question_newest_idx",
            ),
            # The spread's figures (seminars/spread): a year's questions that count, read from
            # the index alone (the table's rows carry the long texts).
            models.Index(
                fields=["created_at"],
                include=[
                    "id",
                    "owner_unit",
                    "asking_unit",
                    "exemplary_model",
                    "first_official_answer_at",
                ],
                condition=Q(hidden_at__isnull=True, merged_into__isnull=True),
                name="question_spread_idx",
            ),
        ]
        constraints = [
            _one_post_per_token("question_one_per_form"),
            models.CheckConstraint(
                condition=~Q(asking_unit=F("owner_unit")), name="question_not_to_own_unit"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="question_not_merged_into_itself"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("question_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        self.search_body = fold(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "body"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_title", "search_body"}
        super().save(*args, **kwargs)  # Post.save renders the body

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def takes_posts(self) -> bool:
        """New answers, comments, votes and edits are welcome (not locked, merged or hidden)."""
        return not (self.is_locked or self.is_merged or self.is_hidden)

    @property
    def is_answered_live(self) -> bool:
        return self.answered_live_at is not None


class QuestionAttachment(StoredFile):
    """The document or photo sent with a question, checked and served like every upload."""

    question = models.OneToOneField(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="attached_file",
    )
    file = models.FileField(_("file"), upload_to=question_attachment_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("question attachment")
        verbose_name_plural = _("question attachments")

    def get_absolute_url(self):
        return reverse("question_attachment", kwargs={"pk": self.question_id})


class Answer(Post):
    url_kind = "tra-loi"

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    is_official = models.BooleanField(_("official answer of the owner unit"), default=False)
    official_unit = models.ForeignKey(
        Unit,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    made_official_at = models.DateTimeField(
        _("made official at"), null=True, blank=True, editable=False
    )
    made_official_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made official by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["question", "created_at"], name="answer_question_idx")]
        constraints = [
            _one_post_per_token("answer_one_per_form"),
            models.CheckConstraint(
                condition=Q(is_official=False, official_unit__isnull=True)
                | Q(is_official=True, official_unit__isnull=False),
                name="answer_official_names_its_unit",
            ),
        ]

    def __str__(self):
        return f"{self.question} · {self.body[:60]}"

    def get_absolute_url(self):
        return f"{reverse('question_detail', kwargs={'pk': self.question_id})}#tra-loi-{self.pk}"


class Comment(Post):
    """A follow-up under a question or under one of its answers."""

    url_kind = "binh-luan"

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="comments"
    )
    answer = models.ForeignKey(
        Answer,
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    body = models.TextField(_("text"), max_length=COMMENT_MAX_LENGTH)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["question", "created_at"], name="comment_question_idx")]
        constraints = [_one_post_per_token("comment_one_per_form")]

    def __str__(self):
        return self.body[:80]

    def get_absolute_url(self):
        return f"{reverse('question_detail', kwargs={'pk': self.question_id})}#binh-luan-{self.pk}"
