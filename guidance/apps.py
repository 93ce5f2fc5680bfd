from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """Help pages: per-platform complaint guidance, contact and online service, the DMCA
    designated agent. Reads every other app's rules; nothing depends on it."""

    name = "guidance"
