"""The notices and email choices in the Django admin (imported by ``seminars/admin.py``)."""

from django.contrib import admin

from seminars.notices.models import Notice, NotificationPreference


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["text", "user", "kind", "created_at", "read_at"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "question"]


admin.site.register(
    NotificationPreference, raw_id_fields=["user"], list_display=["user", "kind", "email"]
)
