from django.urls import path

from seminars.awards.views import pages

urlpatterns = [
    path("", pages.award_index, name="award_index"),
    path("<int:year>/", pages.nomination_list, name="nomination_list"),
    path("<int:year>/so-sanh/", pages.nomination_compare, name="nomination_compare"),
    path("<int:year>/de-cu/", pages.nomination_create, name="nomination_create"),
    path("de-cu/<int:pk>/", pages.nomination_detail, name="nomination_detail"),
    path("de-cu/<int:pk>/sua/", pages.nomination_edit, name="nomination_edit"),
    path("de-cu/<int:pk>/xet-duyet/", pages.nomination_review, name="nomination_review"),
]
