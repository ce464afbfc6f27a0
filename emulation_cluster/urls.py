from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from emulation_cluster import account_views, views

# The Django admin logs in through allauth, so its second factor applies there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<slug:slug>/thanh-vien/", account_views.unit_members, name="unit_members"),
    path(
        "don-vi/<slug:slug>/thanh-vien/moi/",
        account_views.invitation_create,
        name="invitation_create",
    ),
    path(
        "don-vi/<slug:slug>/thanh-vien/moi/<int:pk>/thu-hoi/",
        account_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "don-vi/<slug:slug>/thanh-vien/<int:pk>/",
        account_views.membership_update,
        name="membership_update",
    ),
    path("loi-moi/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("tai-khoan/", account_views.profile, name="profile"),
    path("thu-gui-di/", include("emulation_cluster.outbox.urls")),
    path("nhat-ky/", include("emulation_cluster.audit_log.urls")),
    path("quan-tri-cum/chu-de/", include("models_registry.topic_urls")),
    path("quan-tri-cum/", include("emulation_cluster.administration.urls")),
    path("mo-hinh/", include("models_registry.urls")),
    path("hoi-nghi/", include("seminars.urls")),
    path("hoi-dap/", include("seminars.qa.urls")),
    path("lan-toa/bao-cao/", include("seminars.spread.report.urls")),
    path("lan-toa/", include("seminars.spread.urls")),
    path("tim-kiem/", include("seminars.search.urls")),
    path("khen-thuong/", include("seminars.awards.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "emulation_cluster.views.bad_request"
handler403 = "emulation_cluster.views.permission_denied"
handler404 = "emulation_cluster.views.page_not_found"
handler500 = "emulation_cluster.views.server_error"
