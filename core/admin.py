from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .models import AuditEvent


def portal_sign_in(request, extra_context=None):
    """The admin has no sign-in of its own. Its login page sends people to the portal's sign-in,
    so staff pass the same controls as everyone (unknown-device lock with an emailed code,
    failed-password lock, rate limits); a signed-in non-staff account is refused."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied
    return redirect_to_login(reverse("admin:index"), login_url=reverse("accounts:login"))


admin.site.login = portal_sign_in  # type: ignore[method-assign]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id", "to_status"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "reason"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
