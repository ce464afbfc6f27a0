from django.urls import path

from seminars.notices import views as notices
from seminars.views import (
    agenda,
    attendance,
    calendar,
    invitations,
    materials,
    outcome,
    scheduling,
)

urlpatterns = [
    path("", scheduling.seminar_list, name="seminar_list"),
    path("da-dien-ra/", scheduling.seminar_past_list, name="seminar_past_list"),
    path("lich/", calendar.seminar_month, name="seminar_month"),
    path("xuat.<str:fmt>", scheduling.seminar_export, name="seminar_export"),
    path("lich.ics", calendar.seminar_feed, name="seminar_feed"),
    path("lich/rieng/<str:key>.ics", calendar.seminar_feed_private, name="seminar_feed_private"),
    path("lich/dia-chi-moi/", calendar.feed_key_reset, name="feed_key_reset"),
    path("thong-bao/", notices.notice_list, name="notice_list"),
    path("thong-bao/da-doc/", notices.notice_mark_read, name="notice_mark_read"),
    path("tao-moi/", scheduling.seminar_create, name="seminar_create"),
    path("<int:pk>/", scheduling.seminar_detail, name="seminar_detail"),
    path("<int:pk>/hoi-nghi.ics", calendar.seminar_ics, name="seminar_ics"),
    path("<int:pk>/sua/", scheduling.seminar_edit, name="seminar_edit"),
    path("<int:pk>/len-lich/", scheduling.seminar_schedule, name="seminar_schedule"),
    path("<int:pk>/da-to-chuc/", scheduling.seminar_mark_held, name="seminar_mark_held"),
    path("<int:pk>/ket-thuc/", scheduling.seminar_close, name="seminar_close"),
    path("<int:pk>/huy/", scheduling.seminar_cancel, name="seminar_cancel"),
    path("<int:pk>/chuong-trinh/them/", agenda.agenda_item_create, name="agenda_item_create"),
    path(
        "<int:pk>/chuong-trinh/<int:item_pk>/sua/", agenda.agenda_item_edit, name="agenda_item_edit"
    ),
    path(
        "<int:pk>/chuong-trinh/<int:item_pk>/di-chuyen/",
        agenda.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "<int:pk>/chuong-trinh/<int:item_pk>/xoa/",
        agenda.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("<int:pk>/moi/", invitations.invitation_manage, name="invitation_manage"),
    path("<int:pk>/tra-loi/", invitations.invitation_reply, name="invitation_reply"),
    path("<int:pk>/diem-danh/", attendance.attendance_edit, name="attendance_edit"),
    path("<int:pk>/ket-qua/", outcome.outcome_edit, name="outcome_edit"),
    path("<int:pk>/bien-ban/", outcome.minutes_page, name="minutes_page"),
    path("<int:pk>/bien-ban.docx", outcome.minutes_download, name="minutes_download"),
    path("<int:pk>/tai-lieu/them/", materials.material_create, name="material_create"),
    path(
        "<int:pk>/tai-lieu/<int:material_pk>/",
        materials.material_download,
        name="material_download",
    ),
    path(
        "<int:pk>/tai-lieu/<int:material_pk>/xoa/",
        materials.material_delete,
        name="material_delete",
    ),
]
