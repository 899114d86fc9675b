from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import NetworkMembership, Organisation
from .services import WEIGHT_ALIAS, organisation_prepare, search_terms_rebuild


class MembershipInline(admin.TabularInline):
    model = NetworkMembership
    fk_name = "member"
    raw_id_fields = ["network"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_latin", "kind", "level", "country", "code", "population", "is_demo"]
    list_filter = ["kind", "country", "level", "is_demo"]
    search_fields = ["name", "name_latin", "code", "acronym"]
    raw_id_fields = ["parent"]
    readonly_fields = ["ref_key", "created_at", "updated_at", "deleted_at"]
    list_select_related = False
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        # Keep the derived columns and the search index (aliases included) in step with an edit made here.
        aliases = []
        if change:
            aliases = list(obj.search_terms.filter(weight=WEIGHT_ALIAS).values_list("term", flat=True))
        organisation_prepare(obj)
        super().save_model(request, obj, form, change)
        search_terms_rebuild([obj], aliases={obj.pk: aliases})


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["member", "network", "since", "status", "is_demo"]
    list_filter = ["network__country", "is_demo"]
    search_fields = ["member__name", "member__name_latin", "network__name", "network__acronym"]
    raw_id_fields = ["member", "network"]
    list_select_related = ["member", "network"]
