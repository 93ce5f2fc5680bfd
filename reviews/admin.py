from django.contrib import admin

from .models import CounterNotice, Deadline, PenaltyEntry


class ReadOnly(admin.ModelAdmin):
    """Status changes go through the services; the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(CounterNotice, ReadOnly)
admin.site.register(Deadline, ReadOnly)
admin.site.register(PenaltyEntry, ReadOnly)
