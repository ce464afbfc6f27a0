from django.urls import path

from seminars import views

urlpatterns = [
    path("", views.seminar_list, name="seminar_list"),
    path("da-dien-ra/", views.seminar_past_list, name="seminar_past_list"),
    path("lich/", views.seminar_month, name="seminar_month"),
    path("lich.ics", views.seminar_feed, name="seminar_feed"),
    path("lich/rieng/<str:key>.ics", views.seminar_feed_private, name="seminar_feed_private"),
    path("lich/dia-chi-moi/", views.feed_key_reset, name="feed_key_reset"),
    path("thong-bao/", views.notice_list, name="notice_list"),
    path("thong-bao/da-doc/", views.notice_mark_read, name="notice_mark_read"),
    path("tao-moi/", views.seminar_create, name="seminar_create"),
    path("<int:pk>/", views.seminar_detail, name="seminar_detail"),
    path("<int:pk>/hoi-nghi.ics", views.seminar_ics, name="seminar_ics"),
    path("<int:pk>/sua/", views.seminar_edit, name="seminar_edit"),
    path("<int:pk>/len-lich/", views.seminar_schedule, name="seminar_schedule"),
    path("<int:pk>/da-to-chuc/", views.seminar_mark_held, name="seminar_mark_held"),
    path("<int:pk>/ket-thuc/", views.seminar_close, name="seminar_close"),
    path("<int:pk>/huy/", views.seminar_cancel, name="seminar_cancel"),
    path("<int:pk>/chuong-trinh/them/", views.agenda_item_create, name="agenda_item_create"),
    path(
        "<int:pk>/chuong-trinh/<int:item_pk>/sua/", views.agenda_item_edit, name="agenda_item_edit"
    ),
    path(
        "<int:pk>/chuong-trinh/<int:item_pk>/di-chuyen/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "<int:pk>/chuong-trinh/<int:item_pk>/xoa/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("<int:pk>/moi/", views.invitation_manage, name="invitation_manage"),
    path("<int:pk>/tra-loi/", views.invitation_reply, name="invitation_reply"),
    path("<int:pk>/diem-danh/", views.attendance_edit, name="attendance_edit"),
    path("<int:pk>/ket-qua/", views.outcome_edit, name="outcome_edit"),
    path("<int:pk>/bien-ban/", views.minutes_page, name="minutes_page"),
    path("<int:pk>/bien-ban.docx", views.minutes_download, name="minutes_download"),
    path("<int:pk>/tai-lieu/them/", views.material_create, name="material_create"),
    path(
        "<int:pk>/tai-lieu/<int:material_pk>/",
        views.material_download,
        name="material_download",
    ),
    path(
        "<int:pk>/tai-lieu/<int:material_pk>/xoa/",
        views.material_delete,
        name="material_delete",
    ),
]
