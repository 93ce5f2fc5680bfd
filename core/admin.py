from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .models import AuditEvent


def portal_sign_in(request, extra_context=None):
    """The admin has no sign-in of its own. Its login page sends people to the portal's sign-in,
    so staff pass the same controls as everyone (unknown-device lock with an emailed code,
    failed-password lock, rate limits, the second factor); a signed-in non-staff account is
    refused, a staff session not yet verified goes to the second-factor step."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        if request.user.is_active and request.user.is_staff:
            return redirect_to_login(
                reverse("admin:index"), login_url=reverse("accounts:second_factor")
            )
        raise PermissionDenied
    return redirect_to_login(reverse("admin:index"), login_url=reverse("accounts:login"))


def verified_staff_only(request) -> bool:
    """The admin opens only to an active staff account whose session passed the second factor
    (django-otp's OTPMiddleware gives `is_verified`)."""
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    return bool(user.is_active and user.is_staff and is_verified is not None and is_verified())


admin.site.login = portal_sign_in  # type: ignore[method-assign]
admin.site.has_permission = verified_staff_only  # type: ignore[method-assign]


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
