from django.urls import path

from models_registry import import_views, views
from models_registry.feeds import LatestModelsFeed

urlpatterns = [
    path("", views.model_list, name="model_list"),
    path("tao-moi/", views.model_create, name="model_create"),
    path("nhap/word/", import_views.import_word, name="model_import_word"),
    path("nhap/excel/", import_views.import_excel, name="model_import_excel"),
    path("nhap/excel/mau.xlsx", import_views.import_excel_template, name="model_import_template"),
    path("feed/", LatestModelsFeed(), name="model_feed"),
    path("xuat.<str:fmt>", views.model_export, name="model_export"),
    path("<slug:slug>/", views.model_detail, name="model_detail"),
    path("<slug:slug>/sua/", views.model_edit, name="model_edit"),
    path("<slug:slug>/lich-su/", views.model_history, name="model_history"),
    path("<slug:slug>/cong-bo/", views.model_publish, name="model_publish"),
    path("<slug:slug>/thu-hoi/", views.model_unpublish, name="model_unpublish"),
    path("<slug:slug>/xac-nhan/", views.model_verify, name="model_verify"),
    path("<slug:slug>/tai-lieu/them/", views.attachment_create, name="attachment_create"),
    path("<slug:slug>/tai-lieu/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<slug:slug>/nhan-rong/", views.replication_create, name="replication_create"),
    path("<slug:slug>/nhan-rong/<int:pk>/sua/", views.replication_edit, name="replication_edit"),
]
