from django.urls import path

from seminars.search import views

urlpatterns = [path("", views.site_search, name="site_search")]
