from django.urls import path

from models_registry import topic_views

urlpatterns = [
    path("", topic_views.topic_list, name="topic_list"),
    path("them/", topic_views.topic_create, name="topic_create"),
    path("<slug:slug>/sua/", topic_views.topic_edit, name="topic_edit"),
    path("<slug:slug>/xoa/", topic_views.topic_delete, name="topic_delete"),
]
