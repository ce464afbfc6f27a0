from django.contrib import admin

from emulation_cluster.models import Cluster, ClusterTerm, Membership, Partner, Unit


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "is_demo"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["administrators"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "city", "archived_at", "is_demo"]
    list_filter = ["kind", "city", ("archived_at", admin.EmptyFieldListFilter), "is_demo"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(ClusterTerm)
class ClusterTermAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "head_unit", "deputy_unit"]
    list_select_related = ["cluster", "head_unit", "deputy_unit"]
    filter_horizontal = ["member_units"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]
