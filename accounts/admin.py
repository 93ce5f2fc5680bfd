from django.contrib import admin

from .models import AgreementVersion, Registration, TrustedDevice, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "identity_status", "date_joined"]
    list_filter = ["role", "identity_status"]
    search_fields = ["email", "contact_email"]
    readonly_fields = ["identity_status", "password", "last_login", "date_joined"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "effective_at"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created_at"]
    readonly_fields = [f.name for f in Registration._meta.fields]


admin.site.register(TrustedDevice)
