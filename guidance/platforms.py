"""What each marketplace needs from a complaint, from the FAQ (the seeds) and the portal's own
rules. The figures (URLs per complaint, answer windows, penalty rules) are read from the one
place that enforces them, so a page never says something the portal does not do."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue.urlcheck import ALIEXPRESS_RU_IPR_EMAIL, ALIEXPRESS_RU_IPR_URL, Platform
from catalogue.urlcheck.check import max_urls_for
from complaints.models import ComplaintReason
from complaints.reasons import checklist_data
from reviews.policy import appeal_window, penalty_policy, window_policy


@dataclass(frozen=True)
class PlatformGuide:
    slug: str
    title: Promise
    platforms: tuple[str, ...]
    example_urls: tuple[str, ...]  # real listing forms; tests check each one is accepted
    needs: tuple[Promise, ...]  # what this platform needs beyond the common list
    notes: tuple[Promise, ...] = ()  # may name NOTE_VALUES, filled in when shown


NOTE_VALUES = {
    "aliexpress_ru_url": ALIEXPRESS_RU_IPR_URL,
    "aliexpress_ru_email": ALIEXPRESS_RU_IPR_EMAIL,
}


COMMON_NEEDS: tuple[Promise, ...] = (
    _(
        "An approved identity: the complainant name must match your identity documents exactly. "
        "An individual account cannot file for a company's rights."
    ),
    _(
        "An authenticated IPR (trademark, patent or copyright) for each complaint; match the "
        "complaint to the right IPR. Submit several IPRs separately, one registration "
        "certificate each. A filing receipt for an application still under examination does "
        "not prove ownership."
    ),
    _(
        "Agents: an authorization letter signed or sealed by the IPR owner. Authorization to "
        "sell (for example as an official retailer) is not authorization to enforce the IPR."
    ),
    _(
        "Listing URLs, one per line: each must open one specific product listing on the chosen "
        "platform (not a search result or a store page), written with English letters."
    ),
    _(
        "The complaint reason that fits the listing, and proof: for counterfeits a side-by-side "
        "comparison or a test purchase; for unauthorized use of a trademark, where the listing "
        "uses it."
    ),
    _(
        "Not an infringement: a seller merely lacking your authorization to sell genuine goods "
        "(they may buy from an authorized distributor)."
    ),
)

GUIDES: tuple[PlatformGuide, ...] = (
    PlatformGuide(
        slug="taobao-tmall",
        title=_("Taobao, Tmall and Tmall HK"),
        platforms=(Platform.TAOBAO, Platform.TMALL, Platform.TMALL_HK),
        example_urls=(
            "https://item.taobao.com/item.htm?id=600000000001",
            "https://detail.tmall.com/item.htm?id=600000000002",
            "https://detail.tmall.hk/hk/item.htm?id=600000000003",
        ),
        needs=(
            _(
                "Choose the platform the listing is on: a Taobao listing cannot be filed as "
                "Tmall, nor a Tmall HK one as Tmall."
            ),
            _(
                "Copy the listing's address from the product page; it carries the listing "
                "number as id=…. Share links (m.tb.cn and similar short links) cannot be "
                "checked: open them and copy the full address."
            ),
        ),
    ),
    PlatformGuide(
        slug="1688",
        title=_("1688"),
        platforms=(Platform.P1688,),
        example_urls=("https://detail.1688.com/offer/600000000004.html",),
        needs=(_("Use the offer page's address: detail.1688.com/offer/<number>.html."),),
    ),
    PlatformGuide(
        slug="alibaba-aliexpress",
        title=_("Alibaba.com and AliExpress"),
        platforms=(Platform.ALIBABA, Platform.ALIEXPRESS),
        example_urls=(
            "https://www.alibaba.com/product-detail/Demo-product_1600000000005.html",
            "https://www.aliexpress.com/item/1005000000000006.html",
        ),
        needs=(
            _(
                "Alibaba.com: the product-detail address (…/product-detail/…_<number>.html). "
                "AliExpress: the item address (…/item/<number>.html); regional sites such as "
                "es.aliexpress.com are accepted."
            ),
            _(
                "Copyright complaints use the four reasons of June 2019: pirated product or "
                "packaging; copyrighted content or images on the product or packaging; an image "
                "used without authorization on the product detail page; text used without "
                "authorization on the product detail page."
            ),
        ),
        notes=(
            _(
                "AliExpress.ru is an independent platform with its own operator: complaints "
                "about its listings go to %(aliexpress_ru_url)s or %(aliexpress_ru_email)s, not "
                "here."
            ),
        ),
    ),
    PlatformGuide(
        slug="lazada",
        title=_("Lazada"),
        platforms=(Platform.LAZADA,),
        example_urls=("https://www.lazada.com.my/products/demo-product-i600000000007.html",),
        needs=(
            _(
                "The product address on the country site the listing is on (lazada.com.my, "
                "lazada.sg, lazada.co.th, lazada.com.ph, lazada.co.id, lazada.vn); it ends in "
                "-i<number>.html."
            ),
        ),
    ),
)


def guide(slug: str) -> PlatformGuide:
    for item in GUIDES:
        if item.slug == slug:
            return item
    raise Http404


def guide_for_platform(platform: str) -> PlatformGuide | None:
    return next((item for item in GUIDES if platform in item.platforms), None)


def platform_rules(platform: str, label: str | None = None) -> list[str]:
    """The portal's own rules for a platform, as sentences: URLs per complaint, the answer
    windows and how penalty points count (reviews/policy.py). `label` names the platform in
    them (default: its own name)."""
    windows = window_policy(platform)
    penalty = penalty_policy(platform)
    label = label or str(Platform(platform).label)
    rules = [
        _("%(platform)s: at most %(n)d listing URLs per complaint.")
        % {"platform": label, "n": max_urls_for(platform)},
        ngettext(
            "%(platform)s: the seller has %(n)d working day to file a counter-notice after the "
            "takedown notice.",
            "%(platform)s: the seller has %(n)d working days to file a counter-notice after the "
            "takedown notice.",
            windows.seller_counter_notice,
        )
        % {"platform": label, "n": windows.seller_counter_notice},
        *_later_chances(label, windows.later_counter_notices),
        ngettext(
            "%(platform)s: you have %(n)d working day to answer a seller's counter-notice.",
            "%(platform)s: you have %(n)d working days to answer a seller's counter-notice.",
            windows.complainant_answer,
        )
        % {"platform": label, "n": windows.complainant_answer},
        ngettext(
            "%(platform)s: your successful complaints against one seller within %(n)d day count "
            "once for its penalty points.",
            "%(platform)s: your successful complaints against one seller within %(n)d days count "
            "once for its penalty points.",
            penalty.merge_window_days,
        )
        % {"platform": label, "n": penalty.merge_window_days},
    ]
    if "copyright" in penalty.per_owner_kinds:
        rules.append(
            _(
                "%(platform)s: copyright penalty points count per successful complaint from the "
                "same rights owner, whatever the copyrighted work."
            )
            % {"platform": label}
        )
    if penalty.record_days:
        rules.append(
            _("%(platform)s: violations stay on the seller's record for %(n)d days.")
            % {"platform": label, "n": penalty.record_days}
        )
    rules.append(
        _(
            "%(platform)s: a rights owner may appeal a rejected URL, and a seller a takedown that "
            "became final, within %(n)d days of the decision; a second reviewer decides."
        )
        % {"platform": label, "n": appeal_window().days}
    )
    return [str(rule) for rule in rules]


def _later_chances(label: str, days: tuple[int, ...]) -> list[str]:
    """The seller's further counter-notice chances, each opened when the one before ended against
    it (window passed or counter-notice rejected)."""
    if not days:
        return []
    return [
        ngettext(
            "%(platform)s: if that chance ends against the seller (no counter-notice in time, or "
            "one rejected), it has %(count)d more chance, of %(days)s working days.",
            "%(platform)s: if that chance ends against the seller (no counter-notice in time, or "
            "one rejected), it has %(count)d more chances, of %(days)s working days in turn.",
            len(days),
        )
        % {"platform": label, "count": len(days), "days": ", ".join(str(n) for n in days)}
    ]


def reasons_with_proof() -> list[dict]:
    """Every complaint reason with its guidance and proof checklist (complaints/reasons.py)."""
    data = checklist_data()
    return [
        {"reason": value, "label": str(label), **data.get(value, {})}
        for value, label in ComplaintReason.choices
    ]


def guide_data(item: PlatformGuide) -> dict:
    """One guide as the page and the API show it."""
    return {
        "slug": item.slug,
        "title": str(item.title),
        "platforms": [
            {"value": str(p), "label": str(Platform(p).label), "max_urls": max_urls_for(p)}
            for p in item.platforms
        ],
        "common_needs": [str(text) for text in COMMON_NEEDS],
        "needs": [str(text) for text in item.needs],
        "notes": [str(text) % NOTE_VALUES for text in item.notes],
        "example_urls": list(item.example_urls),
        "rules": guide_rules(item),
    }


def guide_rules(item: PlatformGuide) -> list[str]:
    """The rules of a guide's platforms: a rule all of them share is said once, for the group
    ("Taobao, Tmall and Tmall HK: ..."); a rule that differs is said per platform."""
    marker = "\x00"
    per_platform = {p: platform_rules(p, marker) for p in item.platforms}
    shared = set.intersection(*(set(rules) for rules in per_platform.values()))
    said: list[str] = []
    for rule in per_platform[item.platforms[0]]:
        if rule in shared:
            said.append(rule.replace(marker, str(item.title)))
    for platform, rules in per_platform.items():
        label = str(Platform(platform).label)
        said += [rule.replace(marker, label) for rule in rules if rule not in shared]
    return said
