from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IprConfig(AppConfig):
    name = "ipr"
    verbose_name = _("IPR authentication")
