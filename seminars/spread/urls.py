from django.urls import path

from seminars.spread import views

urlpatterns = [
    path("", views.cluster_dashboard, name="spread_dashboard"),
    path("don-vi/<slug:slug>/", views.unit_dashboard, name="spread_unit_dashboard"),
    path("ban-do-bang-chung/", views.evidence_map, name="spread_evidence_map"),
]
