"""The Content-Security-Policy exception of the pages with marketplace sign-in buttons.

The buttons are forms posting to the portal, which answers with a redirect to the marketplace's
authorization endpoint; browsers apply `form-action` to that redirect too. So a page that showed
the buttons (the template tag marks the request) allows form submissions to reach the configured
providers' origins, and only those."""

from urllib.parse import urlsplit

from . import provider

MARK = "_ipp_marketplace_buttons"


def mark_buttons_shown(request) -> None:
    setattr(request, MARK, True)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def provider_origins() -> list[str]:
    found: list[str] = []
    for config in provider.configured():
        for url in (config.discovery_url, config.expected_issuer):
            origin = _origin(url)
            if origin and origin not in found:
                found.append(origin)
    return found


class ProviderFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, MARK, False):
            origins = provider_origins()
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update
        return response
