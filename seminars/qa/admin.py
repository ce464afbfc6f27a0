"""The Q&A models in the Django admin (imported by ``seminars/admin.py``).

Writes that matter go through the portal's pages and services (audit log, notices); the admin
is for looking things up, so most fields are read-only here.
"""

from django.contrib import admin

from seminars.qa.models import (
    Answer,
    Comment,
    Follow,
    Question,
    QuestionAttachment,
    QuestionReminder,
    Vote,
)


class AttachmentInline(admin.TabularInline):
    model = QuestionAttachment
    extra = 0
    fields = ["original_name", "kind", "size", "created_at"]
    readonly_fields = fields
    can_delete = False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["author", "is_official", "body", "hidden_at", "created_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "asking_unit", "owner_unit", "state", "vote_count", "created_at"]
    list_filter = ["state", "is_demo"]
    list_select_related = ["asking_unit", "owner_unit"]
    search_fields = ["title", "search_title"]
    date_hierarchy = "created_at"
    raw_id_fields = ["exemplary_model", "owner_unit", "asking_unit", "seminar", "author"]
    readonly_fields = [
        "state",
        "vote_count",
        "first_official_answer_at",
        "accepted_answer",
        "accepted_at",
        "answered_live_at",
        "answered_live_note",
        "locked_at",
        "merged_into",
        "hidden_at",
        "hidden_reason",
        "edited_at",
    ]
    inlines = [AttachmentInline, AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "author", "is_official", "created_at"]
    list_filter = ["is_official"]
    raw_id_fields = ["question", "author"]
    readonly_fields = ["official_unit", "made_official_at", "hidden_at", "hidden_reason"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["question", "author", "created_at"]
    raw_id_fields = ["question", "answer", "author"]


@admin.register(QuestionReminder)
class QuestionReminderAdmin(admin.ModelAdmin):
    list_display = ["question", "kind", "recipients", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["question"]
    readonly_fields = ["question", "kind", "recipients", "sent_to", "sent_at"]


admin.site.register(Vote, raw_id_fields=["question", "voter"], list_display=["question", "voter"])
admin.site.register(
    Follow,
    raw_id_fields=["user", "exemplary_model", "unit", "question"],
    list_display=["user", "exemplary_model", "unit", "question"],
)
