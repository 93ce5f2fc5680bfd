"""The relying party: one authlib OpenID Connect client per configured marketplace, and the two
halves of the authorization code flow (PKCE S256, state and nonce) with every failure turned
into a `SignInRefused` whose code and message the login page shows.

What authlib checks (authlib.integrations.base_client.sync_openid.parse_id_token): the ID
token's signature against the provider's JWKS (fetched again once when the token names a key id
the cached set does not have: key rotation), the nonce kept with the state, exp/iat with a
leeway, and iss against the discovery document. It checks the audience only through `azp`, so
the client id is pinned here as the required audience, and the issuer as the configured one."""

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    DecodeError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)

from core.errors import DomainError

from .models import Marketplace, marketplace_name

log = logging.getLogger(__name__)

SESSION_FLOWS = "ipp_marketplace_flows"
FLOW_TTL_SECONDS = 10 * 60
SCOPE = "openid email profile"
# Which catalogue platforms each marketplace's provider may vouch for (the ipp_stores claim).
PLATFORMS = {
    Marketplace.TAOBAO: {"taobao", "tmall", "tmall_hk", "1688"},
    Marketplace.ALIEXPRESS: {"aliexpress"},
    Marketplace.ALIBABA: {"alibaba"},
}


class SignInRefused(DomainError):
    """The marketplace sign-in did not prove an identity. `intent` says where to report it."""

    def __init__(self, message: str, *, code: str, intent: str = "signin"):
        super().__init__(message, code=code)
        self.intent = intent


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    discovery_url: str
    client_id: str
    client_secret: str
    issuer: str = ""

    @property
    def label(self) -> str:
        """The button's words."""
        return str(Marketplace(self.name).label)

    @property
    def provider_name(self) -> str:
        """The marketplace as messages name it."""
        return marketplace_name(self.name)

    @property
    def expected_issuer(self) -> str:
        """The configured issuer, else the one the discovery URL implies (OIDC Discovery 4)."""
        if self.issuer:
            return self.issuer
        return self.discovery_url.split("/.well-known/openid-configuration")[0].rstrip("/")


@dataclass
class VerifiedIdentity:
    """What a verified ID token says about the person."""

    marketplace: str
    issuer: str
    subject: str
    email: str
    email_verified: bool
    name: str
    stores: list[dict[str, str]] = field(default_factory=list)

    def as_session(self) -> dict[str, Any]:
        return {**self.__dict__, "at": time.time()}

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> "VerifiedIdentity":
        data = {k: v for k, v in data.items() if k != "at"}
        return cls(**data)


def configured() -> list[ProviderConfig]:
    """The configured marketplaces, in the login page's order (unconfigured: no button)."""
    found = settings.IPP_MARKETPLACE_SIGNIN
    return [
        ProviderConfig(name=name, **found[name])
        for name in Marketplace.values
        if name in found and found[name].get("discovery_url") and found[name].get("client_id")
    ]


def config_for(name: str) -> ProviderConfig | None:
    return next((c for c in configured() if c.name == name), None)


_clients: dict[ProviderConfig, Any] = {}


def client_for(config: ProviderConfig):
    """One client per configuration, kept for the process: it caches the discovery document and
    the JWKS (refetched when a token names an unknown key)."""
    if config not in _clients:
        oauth = OAuth()
        _clients[config] = oauth.register(
            name=f"ipp_{config.name}",
            server_metadata_url=config.discovery_url,
            client_id=config.client_id,
            client_secret=config.client_secret,
            client_kwargs={
                "scope": SCOPE,
                "code_challenge_method": "S256",
                "default_timeout": 10,
            },
        )
    return _clients[config]


def _load_metadata(client) -> None:
    client.load_server_metadata()
    # Only RS256: no symmetric algorithm the provider may list (HS256) is accepted for ID tokens.
    client.server_metadata["id_token_signing_alg_values_supported"] = ["RS256"]


def _unreachable(config: ProviderConfig, intent: str) -> SignInRefused:
    return SignInRefused(
        _(
            "%(marketplace)s is not reachable right now. Try again in a few minutes, or sign "
            "in with your email address and password."
        )
        % {"marketplace": config.provider_name},
        code="provider_unavailable",
        intent=intent,
    )


def redirect_uri(request, config: ProviderConfig) -> str:
    return request.build_absolute_uri(reverse("signin_oidc:callback", args=[config.name]))


def begin(request, config: ProviderConfig, *, intent: str, next_url: str = "") -> str:
    """Start the flow: returns the provider's authorization URL. The state, nonce and PKCE
    verifier stay in the session (authlib's state data) beside this flow's intent and start."""
    client = client_for(config)
    try:
        _load_metadata(client)
        uri = redirect_uri(request, config)
        found = client.create_authorization_url(uri)
    except (requests.RequestException, ValueError) as exc:
        log.warning("marketplace %s discovery failed: %s", config.name, exc)
        raise _unreachable(config, intent) from exc
    client.save_authorize_data(request, redirect_uri=uri, **found)
    flows = request.session.get(SESSION_FLOWS) or {}
    now = time.time()
    flows = {s: f for s, f in flows.items() if now - f["t"] < FLOW_TTL_SECONDS}
    flows[found["state"]] = {
        "m": config.name,
        "intent": intent,
        "uid": request.user.pk if request.user.is_authenticated else None,
        "t": now,
        "next": next_url,
    }
    request.session[SESSION_FLOWS] = flows
    return found["url"]


def _take_flow(request, config: ProviderConfig) -> dict[str, Any]:
    """This callback's flow, removed from the session so that the answer works once."""
    state = request.GET.get("state") or ""
    flows = request.session.get(SESSION_FLOWS) or {}
    flow = flows.pop(state, None)
    request.session[SESSION_FLOWS] = flows
    if flow is None or flow["m"] != config.name:
        raise SignInRefused(
            _(
                "This sign-in answer was already used or does not belong to this browser. "
                "Start the sign-in again."
            ),
            code="state_invalid",
        )
    if time.time() - flow["t"] > FLOW_TTL_SECONDS:
        raise SignInRefused(
            _("The sign-in took too long and expired. Start it again."),
            code="state_expired",
            intent=flow["intent"],
        )
    return flow


def finish(request, config: ProviderConfig) -> tuple[VerifiedIdentity, dict[str, Any]]:
    """Complete the flow at the callback: the code is exchanged (with the PKCE verifier) and the
    ID token verified. Returns the identity and the flow (intent, who started it)."""
    flow = _take_flow(request, config)
    intent = flow["intent"]
    if request.GET.get("error"):
        raise _provider_error(config, request.GET["error"], intent)
    client = client_for(config)
    options = {
        "iss": {"essential": True, "values": [config.expected_issuer]},
        "aud": {"essential": True, "values": [config.client_id]},
        "exp": {"essential": True},
    }
    try:
        _load_metadata(client)
        token = client.authorize_access_token(request, claims_options=options, leeway=60)
    except MismatchingStateError as exc:
        raise SignInRefused(
            _("This sign-in answer was already used. Start the sign-in again."),
            code="state_invalid",
            intent=intent,
        ) from exc
    except OAuthError as exc:
        raise _provider_error(config, exc.error or "", intent) from exc
    except (requests.RequestException, ValueError) as exc:
        log.warning("marketplace %s token exchange failed: %s", config.name, exc)
        raise _unreachable(config, intent) from exc
    except JoseError as exc:
        raise _token_error(config, exc, intent) from exc
    claims = token.get("userinfo")
    if not claims:
        raise SignInRefused(
            _("%(marketplace)s did not send an ID token. Sign in with your email and password.")
            % {"marketplace": config.provider_name},
            code="no_id_token",
            intent=intent,
        )
    return _identity(config, claims), flow


def _identity(config: ProviderConfig, claims) -> VerifiedIdentity:
    stores = claims.get("ipp_stores") or []
    allowed = PLATFORMS[Marketplace(config.name)]
    return VerifiedIdentity(
        marketplace=config.name,
        issuer=claims["iss"],
        subject=str(claims["sub"]),
        email=(claims.get("email") or "").strip().lower(),
        email_verified=claims.get("email_verified") is True,
        name=str(claims.get("name") or claims.get("preferred_username") or "")[:200],
        stores=[
            {"marketplace": str(s["marketplace"]), "store_id": str(s["store_id"])[:64]}
            for s in stores
            if isinstance(s, dict) and s.get("marketplace") in allowed and s.get("store_id")
        ],
    )


def _provider_error(config: ProviderConfig, error: str, intent: str) -> SignInRefused:
    if error == "access_denied":
        return SignInRefused(
            _(
                "You cancelled the sign-in at %(marketplace)s. Nothing was changed; sign in "
                "again when you are ready."
            )
            % {"marketplace": config.provider_name},
            code="consent_cancelled",
            intent=intent,
        )
    if error == "invalid_grant":
        return SignInRefused(
            _("The sign-in answer expired or was already used. Start the sign-in again."),
            code="state_expired",
            intent=intent,
        )
    return SignInRefused(
        _("%(marketplace)s could not sign you in (%(error)s). Try again later.")
        % {"marketplace": config.provider_name, "error": error[:40]},
        code="provider_error",
        intent=intent,
    )


def _token_error(config: ProviderConfig, exc: JoseError, intent: str) -> SignInRefused:
    claim = getattr(exc, "claim", "") or ""
    if isinstance(exc, (InvalidClaimError, MissingClaimError)) and claim == "iss":
        message, code = (
            _(
                "The sign-in answer did not come from %(marketplace)s (wrong issuer). Nothing "
                "was changed."
            ),
            "wrong_issuer",
        )
    elif isinstance(exc, (InvalidClaimError, MissingClaimError)) and claim in ("aud", "azp"):
        message, code = (
            _(
                "The sign-in answer from %(marketplace)s was meant for another application "
                "(wrong audience). Nothing was changed."
            ),
            "wrong_audience",
        )
    elif isinstance(exc, ExpiredTokenError):
        message, code = (
            _("The sign-in answer from %(marketplace)s has expired. Start the sign-in again."),
            "token_expired",
        )
    elif isinstance(exc, (InvalidClaimError, MissingClaimError)) and claim == "nonce":
        message, code = (
            _("The sign-in answer does not belong to this sign-in. Start the sign-in again."),
            "nonce_mismatch",
        )
    elif isinstance(exc, (InvalidKeyIdError, BadSignatureError, DecodeError)):
        message, code = (
            _(
                "The sign-in answer from %(marketplace)s could not be verified (its signature "
                "does not match the marketplace's keys). Nothing was changed."
            ),
            "bad_signature",
        )
    elif isinstance(exc, ClaimError):
        message, code = (
            _("The sign-in answer from %(marketplace)s is not valid. Nothing was changed."),
            "invalid_token",
        )
    else:
        message, code = (
            _("The sign-in answer from %(marketplace)s could not be verified."),
            "bad_signature",
        )
    log.warning("marketplace %s ID token refused: %s (%s)", config.name, code, exc)
    return SignInRefused(message % {"marketplace": config.provider_name}, code=code, intent=intent)
