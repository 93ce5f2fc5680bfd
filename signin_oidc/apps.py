from django.apps import AppConfig


class SigninOidcConfig(AppConfig):
    name = "signin_oidc"
    verbose_name = "Marketplace sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.audit_actions import register_actions

        from .audit_actions import MarketplaceAction

        register_actions(MarketplaceAction)
