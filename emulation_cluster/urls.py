from django.contrib import admin
from django.urls import include, path

from emulation_cluster import views

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("mo-hinh/", include("models_registry.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "emulation_cluster.views.bad_request"
handler403 = "emulation_cluster.views.permission_denied"
handler404 = "emulation_cluster.views.page_not_found"
handler500 = "emulation_cluster.views.server_error"
