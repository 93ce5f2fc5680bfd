"""The Content-Security-Policy's exceptions. The policy itself is CONTENT_SECURITY_POLICY in
settings: everything from the portal's own origin, no inline script or style. Each exception
here serves one kind of page and allows only what that page's code needs."""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView

# Pages with the ALTCHA human check: its proof of work runs in a Web Worker that altcha.min.js
# makes from a blob: URL. A blob: URL can only be made by a script the page already runs.
human_check_page = csp_update({"worker-src": ["blob:"]})

# Swagger UI's stylesheet draws its icons as data: SVG images.
_api_docs = csp_update({"img-src": ["data:"]})


@method_decorator(_api_docs, name="dispatch")
class ApiDocs(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a separate file (drf-spectacular's
    CSP-friendly split view) and without the inline <style> of drf-spectacular's template."""

    template_name = "core/api_docs.html"
