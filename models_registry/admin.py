from django.contrib import admin

from models_registry.models import Attachment, ExemplaryModel, Indicator, Replication, Topic


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fk_name = "exemplary_model"
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "kind", "content_type", "size"]


@admin.register(ExemplaryModel)
class ExemplaryModelAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_unit", "kind", "status", "published_at", "verified_at"]
    list_filter = ["kind", "status", "is_demo"]
    list_select_related = ["owner_unit"]
    search_fields = ["title", "search_title"]
    autocomplete_fields = ["owner_unit"]
    filter_horizontal = ["partners", "topics"]
    readonly_fields = ["published_at", "verified_at", "verified_by", "created_by"]
    inlines = [IndicatorInline, AttachmentInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "is_demo"]
    prepopulated_fields = {"slug": ["name"]}


class ReplicationIndicatorInline(admin.TabularInline):
    model = Indicator
    fk_name = "replication"
    extra = 0


@admin.register(Replication)
class ReplicationAdmin(admin.ModelAdmin):
    list_display = ["exemplary_model", "adopting_unit", "state", "started_on"]
    list_filter = ["state"]
    list_select_related = ["exemplary_model", "adopting_unit"]
    autocomplete_fields = ["exemplary_model", "adopting_unit"]
    inlines = [ReplicationIndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "exemplary_model", "replication", "baseline", "result", "period"]
    list_select_related = ["exemplary_model", "replication"]
    raw_id_fields = ["exemplary_model", "replication"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "exemplary_model", "kind", "size", "created_at"]
    list_select_related = ["exemplary_model"]
    raw_id_fields = ["exemplary_model"]
    readonly_fields = ["original_name", "kind", "content_type", "size", "uploaded_by"]
