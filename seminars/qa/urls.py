"""Addresses of the Q&A threads, under /hoi-dap/ (included from ``seminars/urls.py``)."""

from django.urls import path

from seminars.notices import views as notices_views
from seminars.qa.views import answers, following, inbox, moderation, threads

urlpatterns = [
    path("", threads.question_search, name="question_search"),
    path(
        "cai-dat-thong-bao/",
        notices_views.notification_preferences,
        name="notification_preferences",
    ),
    path("hoi/<slug:slug>/", threads.question_ask, name="question_ask"),
    path("mo-hinh/<slug:slug>/", threads.model_questions, name="model_questions"),
    path("mo-hinh/<slug:slug>/theo-doi/", following.model_follow, name="model_follow"),
    path("don-vi/<slug:slug>/hop-thu/", inbox.unit_inbox, name="unit_inbox"),
    path("don-vi/<slug:slug>/da-hoi/", inbox.unit_asked, name="unit_asked"),
    path(
        "don-vi/<slug:slug>/xuat.<str:fmt>",
        inbox.unit_questions_export,
        name="unit_questions_export",
    ),
    path("don-vi/<slug:slug>/theo-doi/", following.unit_follow, name="unit_follow"),
    path("linh-vuc/theo-doi/", following.topic_follow, name="topic_follow"),
    path("hoi-nghi/<int:pk>/", inbox.seminar_questions, name="seminar_questions"),
    path(
        "hoi-nghi/<int:pk>/danh-sach/",
        inbox.seminar_questions_fragment,
        name="seminar_questions_fragment",
    ),
    path("<int:pk>/", threads.question_detail, name="question_detail"),
    path("<int:pk>/tra-loi/", answers.answer_create, name="answer_create"),
    path("<int:pk>/binh-luan/", answers.comment_create, name="comment_create"),
    path("<int:pk>/binh-chon/", threads.question_vote, name="question_vote"),
    path("<int:pk>/theo-doi/", following.question_follow, name="question_follow"),
    path(
        "<int:pk>/da-tra-loi-truc-tiep/",
        answers.question_answered_live,
        name="question_answered_live",
    ),
    path("<int:pk>/lich-su/", threads.question_history, name="question_history"),
    path("<int:pk>/tep-dinh-kem/", threads.question_attachment, name="question_attachment"),
    path("<int:pk>/khoa/", moderation.question_lock, name="question_lock"),
    path("<int:pk>/gop/", moderation.question_merge, name="question_merge"),
    path("tra-loi/<int:pk>/chap-nhan/", answers.answer_accept, name="answer_accept"),
    path("tra-loi/<int:pk>/chinh-thuc/", answers.answer_make_official, name="answer_make_official"),
    path("<slug:kind>/<int:pk>/sua/", moderation.post_edit, name="post_edit"),
    path("<slug:kind>/<int:pk>/an/", moderation.post_hide, name="post_hide"),
]
