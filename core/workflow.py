"""The one check every status-changing service makes against its model's TRANSITIONS map."""

from django.utils.translation import gettext as _

from .errors import TransitionError


def check_transition(obj, to_status: str) -> None:
    allowed = type(obj).TRANSITIONS.get(obj.status, set())
    if to_status not in allowed:
        raise TransitionError(
            _("This cannot be done now: it is already %(status)s.")
            % {"status": obj.get_status_display().lower()},
        )
