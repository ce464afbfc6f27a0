"""Addresses of the Q&A threads, under /hoi-dap/ (included from ``seminars/urls.py``)."""

from django.urls import path

from seminars import qa_views

urlpatterns = [
    path("", qa_views.question_search, name="question_search"),
    path("cai-dat-thong-bao/", qa_views.notification_preferences, name="notification_preferences"),
    path("hoi/<slug:slug>/", qa_views.question_ask, name="question_ask"),
    path("mo-hinh/<slug:slug>/", qa_views.model_questions, name="model_questions"),
    path("mo-hinh/<slug:slug>/theo-doi/", qa_views.model_follow, name="model_follow"),
    path("don-vi/<slug:slug>/hop-thu/", qa_views.unit_inbox, name="unit_inbox"),
    path("don-vi/<slug:slug>/da-hoi/", qa_views.unit_asked, name="unit_asked"),
    path("don-vi/<slug:slug>/theo-doi/", qa_views.unit_follow, name="unit_follow"),
    path("hoi-nghi/<int:pk>/", qa_views.seminar_questions, name="seminar_questions"),
    path(
        "hoi-nghi/<int:pk>/danh-sach/",
        qa_views.seminar_questions_fragment,
        name="seminar_questions_fragment",
    ),
    path("<int:pk>/", qa_views.question_detail, name="question_detail"),
    path("<int:pk>/tra-loi/", qa_views.answer_create, name="answer_create"),
    path("<int:pk>/binh-luan/", qa_views.comment_create, name="comment_create"),
    path("<int:pk>/binh-chon/", qa_views.question_vote, name="question_vote"),
    path("<int:pk>/theo-doi/", qa_views.question_follow, name="question_follow"),
    path(
        "<int:pk>/da-tra-loi-truc-tiep/",
        qa_views.question_answered_live,
        name="question_answered_live",
    ),
    path("<int:pk>/lich-su/", qa_views.question_history, name="question_history"),
    path("<int:pk>/tep-dinh-kem/", qa_views.question_attachment, name="question_attachment"),
    path("<int:pk>/khoa/", qa_views.question_lock, name="question_lock"),
    path("<int:pk>/gop/", qa_views.question_merge, name="question_merge"),
    path("tra-loi/<int:pk>/chap-nhan/", qa_views.answer_accept, name="answer_accept"),
    path(
        "tra-loi/<int:pk>/chinh-thuc/", qa_views.answer_make_official, name="answer_make_official"
    ),
    path("<slug:kind>/<int:pk>/sua/", qa_views.post_edit, name="post_edit"),
    path("<slug:kind>/<int:pk>/an/", qa_views.post_hide, name="post_hide"),
]
