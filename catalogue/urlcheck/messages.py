"""What a user reads about a refused URL: the FAQ's reasons, in their words, translatable.

Messages are lazy: a check made in one language renders in the language active where it is shown."""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

ALIEXPRESS_RU_IPR_URL = "https://business.aliexpress.ru/legal-docs/article/intellectual-property"
ALIEXPRESS_RU_IPR_EMAIL = "ipr_protection@aliexpress.ru"


class UrlError(models.TextChoices):
    """Stable error codes, in their order of precedence when several apply to one line."""

    GLUED = "glued", _("No line break between URLs")
    INVALID_URL = "invalid_url", _("Invalid URL")
    ALIEXPRESS_RU = "aliexpress_ru", _("AliExpress.ru listing")
    NOT_ALIBABA = "not_alibaba", _("Not an Alibaba marketplace")
    NON_ENGLISH = "non_english", _("Words not in English")
    NOT_LISTING = "not_listing", _("Not a product listing")
    TOO_MANY = "too_many", _("Too many URLs")
    WRONG_PLATFORM = "wrong_platform", _("Listing of another platform")
    DUPLICATE = "duplicate", _("Duplicate listing")


PRECEDENCE: tuple[str, ...] = tuple(UrlError.values)

MESSAGES = {
    "glued": _(
        "There is no line break between the URLs on this line. Put each product URL on its own "
        "line."
    ),
    "invalid_url": _(
        "This is not a valid product URL. Paste the full address from your browser's address "
        "bar, starting with https://."
    ),
    "invalid_url.scheme": _(
        "This is not a complete web address. Paste the full address starting with http:// or "
        "https://."
    ),
    "invalid_url.too_long": _(
        "This URL is longer than %(max)s characters. Paste only the product page's address."
    ),
    "invalid_url.doubled_scheme": _(
        "This URL starts with http:// or https:// twice. Remove the extra one and paste the "
        "address again."
    ),
    "invalid_url.whitespace": _(
        "This URL contains spaces or invisible characters. Paste exactly one complete address "
        "on each line."
    ),
    "invalid_url.credentials": _(
        "This URL contains a user name or password before the site name. Paste the product "
        "page's own address."
    ),
    "invalid_url.port": _(
        "This URL names a port (such as :8080). Marketplace product pages do not use one; paste "
        "the address without it."
    ),
    "invalid_url.host": _("The site name in this URL is not valid."),
    "aliexpress_ru": _(
        "AliExpress.ru and AliExpress.com are independent, mutually autonomous platforms with "
        "completely different operating entities. To request the takedown of a product on "
        "AliExpress.ru, please use %(url)s or contact %(email)s."
    ),
    "not_alibaba": _(
        "This URL is not from an Alibaba marketplace. Complaints can be filed here about "
        "listings on Taobao, Tmall, Tmall HK, 1688, Alibaba.com, AliExpress and Lazada."
    ),
    "non_english": _(
        "The words in this URL are not in English. Paste the product page's address without "
        "Chinese or other non-English characters in the site name or path."
    ),
    "not_listing": _(
        "This URL does not lead to one specific product listing (for example, it is a search "
        "results, category or store page). Open the product itself and paste its address."
    ),
    "not_listing.short_link": _(
        "This is a short or shared link, so the product it leads to cannot be known. Open it in "
        "a browser and paste the product page's full address."
    ),
    "too_many": _(
        "More than %(max)s product URLs: at most %(max)s can be submitted in one complaint. "
        "Remove this line or report it in another complaint."
    ),
    "wrong_platform": _(
        "This listing is on %(found)s, not on %(chosen)s, the platform chosen for this complaint."
    ),
    "duplicate": _("This listing is already on line %(line)s."),
}


def _render(key: str, params: dict | None) -> str:
    from .platforms import Platform

    text = str(MESSAGES[key])
    if not params:
        return text
    params = dict(params)
    for name in ("found", "chosen"):
        if name in params:
            params[name] = str(Platform(params[name]).label)
    return text % params


message = lazy(_render, str)
"""`message(key, params)`: the lazily translated text for an error code or `code.variant`."""
