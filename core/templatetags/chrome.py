"""The page chrome every page draws (header navigation, language choice, footer) at the cost of
a dictionary lookup instead of a template render per request.

On a list page the chrome rendered through Django's template engine was about 7,000 Python calls
of a request (a bare view listing 25 rows is 15,500 in all): a dozen `{% url %}` reversals and
`{% trans %}` lookups that give the same answer on every request. Here each piece is rendered
once per key (the language and the few facts about the person it reads) from its own template,
which receives only those facts, so the output cannot depend on anything else; the cache is
cleared when a template file changes under the development server."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, SafeString] = {}


def cached_render(template_name: str, facts: dict) -> SafeString:
    """`template_name` rendered with `facts` alone (no request), once per language and facts."""
    key = (template_name, get_language(), get_script_prefix(), *sorted(facts.items()))
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = mark_safe(render_to_string(template_name, facts))  # noqa: S308
    return html


@lru_cache(maxsize=512)
def _reverse(name: str, prefix: str) -> str:
    return reverse(name)


@register.simple_tag
def link(name: str) -> str:
    """`{% url name %}` for a URL without arguments, reversed once per process."""
    return _reverse(name, get_script_prefix())


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The signed-in person's main navigation (includes/nav.html) with the current section
    marked."""
    user, match = context["user"], context["request"].resolver_match
    return cached_render(
        "includes/nav.html",
        {
            "role": user.role,
            "approved": user.identity_status == "approved",
            "is_seller": bool(user.is_seller),
            "is_reviewer": bool(user.is_reviewer),
            "url_name": match.url_name if match else "",
            "app_name": match.app_name if match else "",
        },
    )


@register.simple_tag
def language_choice() -> SafeString:
    """The language switch's label, list and button (includes/language_choice.html)."""
    return cached_render("includes/language_choice.html", {})


@register.simple_tag
def portal_footer() -> SafeString:
    """The footer's links (includes/footer.html)."""
    return cached_render("includes/footer.html", {"DEBUG": settings.DEBUG})


@receiver(file_changed)
def _forget_on_template_change(sender, file_path, **kwargs) -> None:
    if file_path.suffix == ".html":
        _rendered.clear()
