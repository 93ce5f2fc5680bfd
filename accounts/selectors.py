from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from .models import (
    AgreementVersion,
    ApiToken,
    IdentitySubmission,
    Registration,
    RegistrationStatus,
    SoleAccountConfirmation,
    User,
    UserSession,
)
from .permissions import is_reviewer, is_rights_owner


def pending_registration(registration_id: str | None) -> Registration:
    """The registration this browser session started; 404 for anything else."""
    if not registration_id:
        raise Http404
    registration = (
        Registration.objects.select_related("agreement")
        .exclude(status=RegistrationStatus.COMPLETED)
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def agreement_version(version: str | None = None) -> AgreementVersion:
    qs = AgreementVersion.objects.all()
    agreement = qs.filter(version=version).first() if version else qs.first()
    if agreement is None:
        raise Http404
    return agreement


def account_for_unlock(user_id: int | None) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    return user


def filing_block_reason(user: User | AnonymousUser) -> str | None:
    """Why this account may not submit IPRs for authentication or file complaints, or None.
    Every page and endpoint that files shows this sentence instead of failing obscurely."""
    from django.utils.translation import gettext as _

    from .models import IdentityStatus

    if not user.is_authenticated:
        return _("Sign in to continue.")
    if not is_rights_owner(user):
        return _("Only rights-owner accounts can file.")
    if user.identity_status != IdentityStatus.APPROVED:
        return _(
            "Your identity has not been verified yet. Submit your identity documents on the "
            "account page; once a reviewer approves them you can continue."
        )
    until = suspended_until(user)
    if until is not None:
        return _(
            "Filing is suspended until %(end)s under the notice misuse policy: too many of your "
            "recent notices were manifestly unfounded. Your complaints already filed are reviewed "
            "as usual. You can appeal the suspension, free of charge, from the “Your accuracy” "
            "page (Appeals)."
        ) % {"end": date_format(localtime(until), "DATETIME_FORMAT")}
    return sole_account_block_reason(user)


def suspended_until(user: User) -> datetime | None:
    """The end of the filing suspension in force for this account (misuse policy), or None:
    read from the account row (accounts.services.standing keeps it), no query."""
    until = user.filing_suspended_until
    return until if until is not None and until > timezone.now() else None


def filing_block_action(user: User | AnonymousUser) -> tuple[str, str] | None:
    """Where an account blocked from filing goes to lift the block: (URL name, link text), or
    None when there is nothing to do there (not blocked, not a rights owner, or another account
    is the confirmed sole account). Every page showing `filing_block_reason` offers this link."""
    from django.utils.translation import gettext as _

    from .models import IdentityStatus

    if not user.is_authenticated or not is_rights_owner(user):
        return None
    if user.identity_status != IdentityStatus.APPROVED:
        if user.identity_status in (IdentityStatus.SUBMITTED, IdentityStatus.UNDER_REVIEW):
            return "accounts:identity", _("See your identity verification")
        return "accounts:identity", _("Verify your identity")
    if suspended_until(user) is not None:
        return "complaints:accuracy", _("See the suspension and how to appeal it")
    confirmed = approved_sole_account(user.complainant_name_key)
    if confirmed is None and accounts_sharing_name(user).exists():
        return "accounts:sole_account", _("Confirm the sole account")
    return None


def accounts_sharing_name(account):
    """Other active rights-owner accounts approved under the same complainant name."""
    from .models import IdentityStatus, Role

    if not account.complainant_name_key:
        return User.objects.none()
    return User.objects.filter(
        complainant_name_key=account.complainant_name_key,
        role=Role.RIGHTS_OWNER,
        identity_status=IdentityStatus.APPROVED,
        is_active=True,
    ).exclude(pk=account.pk)


def approved_sole_account(name_key: str):
    from .models import SoleAccountConfirmation, SubmissionStatus

    if not name_key:
        return None
    return (
        SoleAccountConfirmation.objects.filter(
            complainant_name_key=name_key, status=SubmissionStatus.APPROVED
        )
        .select_related("account")
        .first()
    )


def _sole_account_state(user: User) -> tuple[int | None, bool]:
    """(the account confirmed as the sole account for the user's complainant name, whether
    other approved rights-owner accounts share that name), in one query: every filing asks."""
    from .models import NotifierStanding, SoleAccountConfirmation, SubmissionStatus

    if not user.complainant_name_key:
        return None, False
    confirmed = SoleAccountConfirmation.objects.filter(
        complainant_name_key=user.complainant_name_key, status=SubmissionStatus.APPROVED
    ).order_by(*(SoleAccountConfirmation._meta.ordering or ["pk"]))
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            sole_id=Subquery(confirmed.values("account_id")[:1]),
            shared=Exists(accounts_sharing_name(user)),
            good_faith=Exists(
                NotifierStanding.objects.filter(account=OuterRef("pk"), good_faith=True)
            ),
        )
        .values_list("sole_id", "shared", "good_faith")
        .first()
    )
    if row is None:
        return None, False
    # The filing that asked this goes on to ask whether the account is a good-faith notifier
    # (complaints.standing.is_good_faith): answered here, in the same query, for this request.
    setattr(user, "good_faith_now", bool(row[2]))  # noqa: B010 - not a field: this request only
    return row[0], bool(row[1])


def sole_account_block_reason(user: User) -> str | None:
    from django.utils.translation import gettext as _

    sole_id, shared = _sole_account_state(user)
    if sole_id is not None:
        if sole_id == user.pk:
            return None
        email = User.objects.filter(pk=sole_id).values_list("email", flat=True).first() or ""
        return _(
            "Another account (%(email)s) is confirmed as the sole account for the complainant "
            "name “%(name)s”, so this account can no longer file."
        ) % {"email": _mask_email(email), "name": user.complainant_name}
    if shared:
        return _(
            "More than one account exists under the complainant name “%(name)s”. "
            "Confirm the sole account you will use to file (Account → Sole account) before "
            "filing."
        ) % {"name": user.complainant_name}
    return None


def _mask_email(email: str) -> str:
    local, _sep, domain = email.partition("@")
    return f"{local[:2]}***@{domain}"


def access_identity_submission(actor: User | AnonymousUser, pk: int) -> IdentitySubmission:
    from .models import IdentitySubmission

    if not actor.is_authenticated:
        raise Http404
    qs = IdentitySubmission.objects.select_related(
        "account", "document", "translation", "representative_document", "reviewer"
    )
    if not is_reviewer(actor):
        qs = qs.filter(account=actor)
    submission = qs.filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission


def identity_queue():
    from .models import IdentitySubmission, SubmissionStatus

    return (
        IdentitySubmission.objects.filter(
            status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW]
        )
        .select_related("account", "reviewer")
        .order_by("submitted_at", "id")
    )


def sole_account_queue():
    from .models import SoleAccountConfirmation, SubmissionStatus

    return (
        SoleAccountConfirmation.objects.filter(status=SubmissionStatus.SUBMITTED)
        .select_related("account")
        .order_by("submitted_at", "id")
    )


def access_sole_confirmation(actor: User | AnonymousUser, pk: int) -> SoleAccountConfirmation:
    from .models import SoleAccountConfirmation

    if not actor.is_authenticated:
        raise Http404
    qs = SoleAccountConfirmation.objects.select_related(
        "account", "identity_document", "statement", "representative_document"
    )
    if not is_reviewer(actor):
        qs = qs.filter(account=actor)
    confirmation = qs.filter(pk=pk).first()
    if confirmation is None:
        raise Http404
    return confirmation


# --- credentials: API clients, browser sessions, the security log ------------------------------
# The audit actions the account's security log shows. The second-factor ones are listed by code
# so the log stays complete whichever module writes them.
SECURITY_LOG_ACTIONS = (
    "account.locked_unusual_activity",  # sign-in from an unknown device
    "account.unlocked",
    "device.trusted",
    "account.password_changed",
    "account.password_reset",
    "account.signed_out_everywhere",
    "account.api_token_revoked",
    "account.session_revoked",
    "account.second_factor_enabled",
    "account.second_factor_disabled",
    "account.recovery_codes_regenerated",
    "account.second_factor_failed",
)
SECURITY_LOG_LENGTH = 50


def api_tokens(user: User):
    """The account's API clients whose token has not expired, newest first."""
    from django.db.models import Q
    from django.utils import timezone

    live = Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    return ApiToken.objects.filter(live, user=user).order_by("-created")


def access_api_token(user: User | AnonymousUser, token_id) -> ApiToken:
    from django.core.exceptions import ValidationError

    if not user.is_authenticated:
        raise Http404
    try:
        return ApiToken.objects.get(user=user, public_id=token_id)
    except (ApiToken.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def _live_session_keys(keys: list[str]) -> set[str]:
    """Which of these session keys the session store still holds unexpired."""
    from importlib import import_module

    from django.conf import settings
    from django.utils import timezone

    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):  # database-backed: one query
        model = store.get_model_class()
        live = model.objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
        return set(live.values_list("session_key", flat=True))
    return {key for key in keys if store().exists(key)}


def browser_sessions(user: User) -> list[UserSession]:
    """The account's signed-in browser sessions, most recently seen first."""
    rows = list(UserSession.objects.filter(user=user))
    live = _live_session_keys([row.session_key for row in rows])
    return [row for row in rows if row.session_key in live]


def ended_session_keys(user: User) -> list[str]:
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    live = _live_session_keys(keys)
    return [key for key in keys if key not in live]


def access_browser_session(user: User | AnonymousUser, session_id) -> UserSession:
    if not user.is_authenticated:
        raise Http404
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        raise Http404
    return row


def security_log(user: User, limit: int = SECURITY_LOG_LENGTH):
    """The last `limit` security events of the account: rows about the account, and rows the
    account's holder wrote about its own things (a device it trusted, a second factor)."""
    from django.db.models import Q

    from core.models import AuditEvent

    about_account = Q(target_type=User._meta.label_lower, target_id=str(user.pk))
    own_things = Q(actor=user) & ~Q(target_type=User._meta.label_lower)
    return AuditEvent.objects.filter(
        about_account | own_things, action__in=SECURITY_LOG_ACTIONS
    ).order_by("-created_at", "-id")[:limit]
