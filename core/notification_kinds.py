"""What the portal tells people, kind by kind: each kind (named like its email triple under
templates/emails/) has a category (which a person may set to immediately / daily digest / off,
unless it is mandatory), the short line the in-portal notification shows, and the page it links
to. Per-URL kinds are batched: everything of one kind about one complaint told to one person in
one transaction is one notification and one email listing the URLs (core.notify).

The lines are format strings, never rendered templates: a notification is written in the
request (filing, deciding), the email is rendered later by the worker."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy


class Category(models.TextChoices):
    COMPLAINTS = "complaints", gettext_lazy("Your complaints: checks, decisions and outcomes")
    COUNTER_NOTICES = "counter_notices", gettext_lazy("Counter-notices on your complaints")
    DECISIONS = "decisions", gettext_lazy("Identity, IPR and sole-account decisions")
    REMINDERS = "reminders", gettext_lazy("Reminders before an IPR or identity term ends")
    SELLER_NOTICES = "seller_notices", gettext_lazy("Takedown notices about your listings")
    SECURITY = "security", gettext_lazy("Account security: sign-in codes, new devices, access")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", gettext_lazy("Immediately")
    DIGEST = "digest", gettext_lazy("Daily digest")
    OFF = "off", gettext_lazy("Off (in the portal only)")


# Legal notices to sellers (a takedown starts the counter-notice window) and security emails
# always go out at once: nobody may turn them off or delay them.
MANDATORY = frozenset({Category.SELLER_NOTICES, Category.SECURITY})
DEFAULT_DELIVERY = Delivery.IMMEDIATE


def allowed_deliveries(category: str) -> list[str]:
    if category in MANDATORY:
        return [Delivery.IMMEDIATE]
    return list(Delivery.values)


class _Fields(dict):
    """A context for %-formatting: a missing field reads as "" rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def _short(value: object, limit: int = 80) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


Line = Callable[[dict, int], str]
Text = str | Promise  # a format string, translated when the line is written


@dataclass(frozen=True)
class Kind:
    category: str
    line: Line  # (context of the first item, how many items) -> the notification's text
    batch: bool = False  # one message per recipient and complaint lists every URL
    link: tuple[str, str] = ("", "")  # URL name and the context key of its argument
    many: str = ""  # the email template for several URLs, when it is another triple


def _fmt(text: Text, context: dict) -> str:
    fields = _Fields(context)
    for key in ("listing_title", "ipr_label", "reason", "note", "complainant_name"):
        if key in fields:
            fields[key] = _short(fields[key])
    return text % fields


def _per_url(one: Text, many: Text) -> Line:
    """The line of a batched kind: about one URL, or about `n` of them."""

    def line(context: dict, n: int) -> str:
        return _fmt(one if n == 1 else many, {**context, "count": n})

    return line


def _processed(context: dict, n: int) -> str:
    if "accepted" not in context:
        return _fmt(_("Complaint #%(complaint_id)s: every URL has been decided"), context)
    text = ngettext(
        "Complaint #%(complaint_id)s: %(accepted)s of %(total)s URL taken down",
        "Complaint #%(complaint_id)s: %(accepted)s of %(total)s URLs taken down",
        int(context.get("total") or 0),
    )
    return _fmt(text, context)


def _validated(context: dict, n: int) -> str:
    if context.get("invalid"):
        return _fmt(_("Complaint #%(complaint_id)s: no URL could be filed"), context)
    text = _("Complaint #%(complaint_id)s: %(valid)s of %(total)s URLs filed, waiting for review")
    return _fmt(text, context)


def _identity(context: dict, n: int) -> str:
    if context.get("approved"):
        if context.get("change"):
            return _("Your identity change request is approved")
        return _fmt(_("Identity verified as “%(complainant_name)s”"), context)
    if context.get("change"):
        return _fmt(_("Identity change request not approved: %(reason)s"), context)
    return _fmt(_("Identity submission not approved: %(reason)s"), context)


def _sole(context: dict, n: int) -> str:
    if context.get("approved"):
        return _("Sole account confirmed: you can file complaints with this account")
    return _fmt(_("Sole account confirmation not approved: %(note)s"), context)


def _appeal(context: dict, n: int) -> str:
    if context.get("granted"):
        return _fmt(_("Appeal #%(appeal_id)s granted: the decision is reversed"), context)
    return _fmt(_("Appeal #%(appeal_id)s dismissed: %(reason)s"), context)


def _counted(text: Text, key: str = "items") -> Line:
    """`text`: an ngettext_lazy(singular, plural, "n") counting the context's `key` list."""

    def line(context: dict, n: int) -> str:
        return _fmt(text, {**context, "n": len(context.get(key) or [])})

    return line


def _fixed(text: Text) -> Line:
    return lambda context, n: _fmt(text, context)


KINDS: dict[str, Kind] = {
    # --- complaints: the complainant (or a DMCA notifier, by email) -------------------------
    "complaint_validated": Kind(
        Category.COMPLAINTS, _validated, link=("complaints:detail", "complaint_id")
    ),
    "complaint_processed": Kind(
        Category.COMPLAINTS, _processed, link=("complaints:detail", "complaint_id")
    ),
    "counter_notice_received": Kind(
        Category.COUNTER_NOTICES,
        _per_url(
            gettext_lazy(
                "Complaint #%(complaint_id)s: counter-notice on “%(listing_title)s”; "
                "answer by %(due_at)s"
            ),
            gettext_lazy(
                "Complaint #%(complaint_id)s: %(count)s counter-notices; answer by %(due_at)s"
            ),
        ),
        batch=True,
        link=("complaints:detail", "complaint_id"),
    ),
    # --- per-URL outcomes: the seller (mandatory) and the complainant ------------------------
    "takedown_notice": Kind(
        Category.SELLER_NOTICES,
        _per_url(
            gettext_lazy(
                "Takedown notice: “%(listing_title)s” (complaint #%(complaint_id)s); "
                "counter-notice until %(due_at)s"
            ),
            gettext_lazy(
                "Takedown notice: %(count)s of your listings (complaint #%(complaint_id)s); "
                "counter-notice until %(due_at)s"
            ),
        ),
        batch=True,
        link=("reviews:seller_home", ""),
        many="takedown_notice_batch",
    ),
    # One takedown notice for several URLs of a complaint (reviews.services.bulk, `items`).
    "takedown_notice_batch": Kind(
        Category.SELLER_NOTICES,
        _counted(
            ngettext_lazy(
                "Takedown notice: %(n)s of your listings (complaint #%(complaint_id)s); "
                "counter-notice until %(due_at)s",
                "Takedown notice: %(n)s of your listings (complaint #%(complaint_id)s); "
                "counter-notice until %(due_at)s",
                "n",
            )
        ),
        link=("reviews:seller_home", ""),
    ),
    # A further counter-notice chance opened (reviews.services.windows.open_next_chance).
    "counter_notice_chance": Kind(
        Category.SELLER_NOTICES,
        _per_url(
            gettext_lazy(
                "Complaint #%(complaint_id)s: chance %(round)s of %(total)s to counter-notify "
                "“%(listing_title)s”, until %(due_at)s"
            ),
            gettext_lazy(
                "Complaint #%(complaint_id)s: a further chance to counter-notify %(count)s "
                "listings, until %(due_at)s"
            ),
        ),
        batch=True,
        link=("reviews:seller_home", ""),
    ),
    "complaint_maintained": Kind(
        Category.SELLER_NOTICES,
        _per_url(
            gettext_lazy(
                "Complaint #%(complaint_id)s: the complainant maintains the takedown of "
                "“%(listing_title)s”"
            ),
            gettext_lazy(
                "Complaint #%(complaint_id)s: the complainant maintains %(count)s takedowns"
            ),
        ),
        batch=True,
        link=("reviews:seller_home", ""),
    ),
    "takedown_final": Kind(
        Category.COMPLAINTS,
        _per_url(
            gettext_lazy(
                "Complaint #%(complaint_id)s: the takedown of “%(listing_title)s” is final"
            ),
            gettext_lazy("Complaint #%(complaint_id)s: %(count)s takedowns are final"),
        ),
        batch=True,
        link=("complaints:detail", "complaint_id"),
    ),
    "listing_restored": Kind(
        Category.COMPLAINTS,
        _per_url(
            gettext_lazy("Complaint #%(complaint_id)s: “%(listing_title)s” is restored"),
            gettext_lazy("Complaint #%(complaint_id)s: %(count)s listings are restored"),
        ),
        batch=True,
        link=("complaints:detail", "complaint_id"),
    ),
    # --- decisions on identity, IPRs, sole account ------------------------------------------
    "identity_decided": Kind(Category.DECISIONS, _identity, link=("accounts:identity", "")),
    "ipr_submitted": Kind(
        Category.DECISIONS,
        _fixed(gettext_lazy("IPR #%(ipr_id)s “%(ipr_label)s” received for review")),
        link=("ipr:detail", "ipr_id"),
    ),
    "ipr_authenticated": Kind(
        Category.DECISIONS,
        _fixed(gettext_lazy("IPR #%(ipr_id)s “%(ipr_label)s” is authenticated")),
        link=("ipr:detail", "ipr_id"),
    ),
    "ipr_rejected": Kind(
        Category.DECISIONS,
        _fixed(gettext_lazy("IPR #%(ipr_id)s: authentication failed: %(reason)s")),
        link=("ipr:detail", "ipr_id"),
    ),
    "ipr_withdrawn": Kind(
        Category.DECISIONS,
        _fixed(gettext_lazy("IPR #%(ipr_id)s: authentication withdrawn: %(reason)s")),
        link=("ipr:detail", "ipr_id"),
    ),
    "ipr_withdrawn_batch": Kind(
        Category.DECISIONS,
        _counted(
            ngettext_lazy(
                "%(n)s IPR authentication withdrawn by the daily expiry check",
                "%(n)s IPR authentications withdrawn by the daily expiry check",
                "n",
            )
        ),
        link=("ipr:list", ""),
    ),
    "sole_account_decided": Kind(Category.DECISIONS, _sole, link=("accounts:sole_account", "")),
    # --- appeals to a second reviewer (appeals app) ------------------------------------------
    "appeal_decided": Kind(Category.DECISIONS, _appeal, link=("appeals:detail", "appeal_id")),
    "appeal_outcome": Kind(Category.DECISIONS, _appeal, link=("appeals:detail", "appeal_id")),
    # The good-faith tier and the misuse policy (complaints.standing, accounts.services.standing).
    "good_faith_joined": Kind(
        Category.DECISIONS,
        _fixed(
            gettext_lazy(
                "You joined the good-faith tier: %(takedown_rate)s%% taken down, "
                "%(overturned_rate)s%% overturned"
            )
        ),
        link=("complaints:accuracy", ""),
    ),
    "good_faith_left": Kind(
        Category.DECISIONS,
        _fixed(
            gettext_lazy(
                "You left the good-faith tier: %(takedown_rate)s%% taken down, "
                "%(overturned_rate)s%% overturned; you may rejoin from %(rejoin_after)s"
            )
        ),
        link=("complaints:accuracy", ""),
    ),
    "sanction_lifted": Kind(
        Category.DECISIONS,
        _fixed(gettext_lazy("%(kind)s lifted: %(note)s")),
        link=("complaints:accuracy", ""),
    ),
    # --- reminders ---------------------------------------------------------------------------
    "ipr_expiry_reminder": Kind(
        Category.REMINDERS,
        _counted(
            ngettext_lazy(
                "Reminder: the %(what)s of %(n)s IPR ends soon",
                "Reminder: the %(what)s of %(n)s IPRs ends soon",
                "n",
            )
        ),
        link=("ipr:list", ""),
    ),
    # --- account and security (mandatory) ----------------------------------------------------
    "account_welcome": Kind(
        Category.SECURITY,
        _fixed(gettext_lazy("Welcome to the IPP Portal. Next step: verify your identity")),
        link=("accounts:identity", ""),
    ),
    "new_device": Kind(
        Category.SECURITY,
        _fixed(gettext_lazy("A new device can now sign in to your account (%(ip_address)s)")),
        link=("accounts:security", ""),
    ),
    "sole_account_barred": Kind(
        Category.SECURITY,
        _fixed(
            gettext_lazy(
                "This account can no longer file complaints: another account is confirmed for "
                "“%(complainant_name)s”"
            )
        ),
        link=("accounts:sole_account", ""),
    ),
    # Notice misuse policy (DSA Art. 23): legal notices, always sent at once.
    "notifier_warning": Kind(
        Category.SECURITY,
        _fixed(
            gettext_lazy(
                "Warning: %(unfounded)s of your decided URLs (%(unfounded_share)s%%) were "
                "manifestly unfounded"
            )
        ),
        link=("complaints:accuracy", ""),
    ),
    "notifier_suspended": Kind(
        Category.SECURITY,
        _fixed(gettext_lazy("Filing suspended until %(ends_on)s under the notice misuse policy")),
        link=("complaints:accuracy", ""),
    ),
    # Sent straight to an address, never as a notification.
    "registration_code": Kind(Category.SECURITY, _fixed(gettext_lazy("Verification code"))),
    "unlock_code": Kind(Category.SECURITY, _fixed(gettext_lazy("Unlock code"))),
    "password_reset": Kind(Category.SECURITY, _fixed(gettext_lazy("Password reset"))),
}

UNKNOWN = Kind(Category.SECURITY, _fixed(gettext_lazy("Notice from the IPP Portal")))


def kind_of(template: str) -> Kind:
    return KINDS.get(template, UNKNOWN)


def line_of(template: str, context: dict, count: int = 1) -> str:
    return str(kind_of(template).line(context, count))[:300]


def default_link(template: str, context: dict) -> str:
    """The page a notification of this kind opens when its caller named none."""
    name, key = kind_of(template).link
    if not name:
        return ""
    try:
        return reverse(name, args=[context[key]] if key else [])
    except (KeyError, NoReverseMatch):
        return ""


def group_key(template: str, context: dict) -> object:
    """Messages of a batched kind are merged per complaint."""
    return context.get("complaint_id") if kind_of(template).batch else None


def email_context(template: str, context: dict) -> tuple[str, dict]:
    """The triple to render and what its templates see: a batched kind always has `entries`
    (one per URL; a message queued before batching existed is its own single entry) and their
    `count`; several URLs of a kind with a `many` triple render that one, with `items`."""
    kind = kind_of(template)
    if not kind.batch:
        return template, context
    entries = context.get("entries") or [context]
    context = {**context, "entries": entries, "count": len(entries)}
    if len(entries) > 1 and kind.many:
        return kind.many, {**context, "items": entries}
    return template, context
