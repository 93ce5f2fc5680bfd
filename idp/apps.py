from django.apps import AppConfig


class IdpConfig(AppConfig):
    name = "idp"
    verbose_name = "Local marketplace identity provider"
    default_auto_field = "django.db.models.BigAutoField"
