"""Who to contact: the DMCA designated agent and the support team, from settings.IPP (with the
FAQ's values as defaults), and the DMCA facts the help pages state."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_DMCA_AGENT = {
    "name": "Intellectual Property Rights Protection Department",
    "address": "969 West Wen Yi Road, Yuhang District, Hangzhou, Zhejiang 311121, PRC",
    "email": "ipr@alibaba-inc.com",
    "phone": "",
}
DEFAULT_SUPPORT = {
    "email": "ipr@alibaba-inc.com",
    "online_service_url": "",
    "aliexpress_online_service_url": "",
}

# The FAQ: a DMCA-compliant notice is processed, yet may not succeed.
DMCA_OUTCOME_NOTE = _(
    "If you submit a DMCA-compliant notice, it will be processed, but your complaint may not "
    "ultimately be successful for a variety of reasons, for example when the seller submits a "
    "successful counter-notice contesting the removal."
)

# 17 U.S.C. 512(c)(3), in the FAQ's words: what a written notice to the agent must contain.
DMCA_NOTICE_ELEMENTS = (
    _(
        "An electronic or physical signature of the person authorized to act for the copyright "
        "owner."
    ),
    _("A description of the copyrighted work that you say is infringed."),
    _("Where the infringing material is on the site: the listing URLs."),
    _("Your address, telephone number and email address."),
    _(
        "A statement that you have a good-faith belief that the disputed use is not authorized "
        "by the copyright owner, its agent, or the law."
    ),
    _(
        "A statement, made under penalty of perjury, that the information in your notice is "
        "accurate and that you are the copyright owner or authorized to act on its behalf."
    ),
)


def _merged(name: str, default: dict[str, str]) -> dict[str, str]:
    configured: Any = settings.IPP.get(name) or {}
    return {key: str(configured.get(key, value) or "") for key, value in default.items()}


def dmca_agent() -> dict[str, str]:
    """The designated agent's name, postal address, email and phone (blank when none)."""
    return _merged("DMCA_AGENT", DEFAULT_DMCA_AGENT)


def support_contact() -> dict[str, str]:
    """The support email and the online-service links (blank when not configured)."""
    return _merged("SUPPORT", DEFAULT_SUPPORT)
