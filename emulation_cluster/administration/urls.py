"""``/quan-tri-cum/``: running the cluster (topics: ``models_registry.topic_urls``)."""

from django.urls import path

from emulation_cluster.administration.views import overview, partners, terms, units

urlpatterns = [
    path("", overview.overview, name="cluster_administration"),
    path("nhiem-ky/", terms.term_list, name="term_list"),
    path("nhiem-ky/them/", terms.term_create, name="term_create"),
    path("nhiem-ky/<int:pk>/sua/", terms.term_edit, name="term_edit"),
    path("don-vi/", units.unit_tree, name="unit_tree"),
    path("don-vi/them/", units.unit_create, name="unit_create"),
    path("don-vi/<slug:slug>/doi-ten/", units.unit_rename, name="unit_rename"),
    path("don-vi/<slug:slug>/chuyen/", units.unit_move, name="unit_move"),
    path("don-vi/<slug:slug>/luu-tru/", units.unit_archive, name="unit_archive"),
    path("don-vi/<slug:slug>/khoi-phuc/", units.unit_restore, name="unit_restore"),
    path("doi-tac/", partners.partner_list, name="partner_list"),
    path("doi-tac/them/", partners.partner_create, name="partner_create"),
    path("doi-tac/<slug:slug>/sua/", partners.partner_edit, name="partner_edit"),
    path("doi-tac/<slug:slug>/xoa/", partners.partner_delete, name="partner_delete"),
]
