"""Read-only admin: status changes go through the services (pages and API), never here."""

from django.contrib import admin

from .models import IPR, ExpiryReminder


@admin.register(IPR)
class IPRAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "right_owner_name", "number", "expires_on", "owner")
    list_filter = ("status", "kind")
    search_fields = ("right_owner_name", "number", "mark_word", "title", "work_title")
    raw_id_fields = ("owner", "decided_by", "renewal_of")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(admin.ModelAdmin):
    list_display = ("ipr", "expiry_kind", "expires_on", "days_before", "sent_at")

    def has_change_permission(self, request, obj=None):
        return False
