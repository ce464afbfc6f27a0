from django.contrib import admin

from seminars.models import (
    AgendaItem,
    CalendarFeedKey,
    Lesson,
    Seminar,
    SeminarInvitation,
    SeminarMaterial,
    SeminarReminder,
    Solution,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["presenting_unit", "exemplary_model"]


class InvitationInline(admin.TabularInline):
    model = SeminarInvitation
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["replied_by", "replied_at"]


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = ["title", "host_unit", "starts_at", "status", "sequence", "is_demo"]
    list_filter = ["status", "is_demo"]
    list_select_related = ["host_unit"]
    search_fields = ["title"]
    autocomplete_fields = ["host_unit"]
    raw_id_fields = ["chair_user"]
    readonly_fields = ["uid", "sequence", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, InvitationInline]


@admin.register(SeminarMaterial)
class SeminarMaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "seminar", "agenda_item", "kind", "size", "created_at"]
    list_select_related = ["seminar", "agenda_item"]
    raw_id_fields = ["seminar", "agenda_item"]
    readonly_fields = ["original_name", "kind", "content_type", "size", "uploaded_by"]


class FindingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "seminar"]
    list_select_related = ["seminar"]
    raw_id_fields = ["seminar"]
    filter_horizontal = ["exemplary_models"]


admin.site.register(Lesson, FindingAdmin)
admin.site.register(Solution, FindingAdmin)


@admin.register(SeminarReminder)
class SeminarReminderAdmin(admin.ModelAdmin):
    list_display = ["seminar", "sequence", "recipients", "sent_at"]
    list_select_related = ["seminar"]
    raw_id_fields = ["seminar"]


@admin.register(CalendarFeedKey)
class CalendarFeedKeyAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    exclude = ["key"]


# The notices and the Q&A register their own models.
from seminars.notices import admin as notices_admin  # noqa: E402, F401
from seminars.qa import admin as qa_admin  # noqa: E402, F401
