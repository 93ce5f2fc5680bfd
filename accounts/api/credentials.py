"""Credentials API: the account's API clients and browser sessions, revoking them, signing out
everywhere, changing the password, and the security log."""

from django.contrib.auth import logout, update_session_auth_hash
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.audit_actions import action_label
from core.http import client_ip, user_agent

from .. import selectors
from ..models import ApiToken, UserSession
from ..services import credentials
from ..services.passwords import change_password


def api_token_answer(request, user, client_name: str = "") -> dict[str, str]:
    """Issue the calling client's token (named by `client_name`, else by `client_name` in the
    body, else by its User-Agent) and return the fields an answer carries: the token, shown once,
    and its expiry."""
    sent = request.data.get("client_name") if hasattr(request, "data") else None
    sent = sent if isinstance(sent, str) else ""
    issued = credentials.issue_api_token(
        user=user,
        client_name=client_name or sent.strip() or user_agent(request),
        ip_address=client_ip(request),
    )
    return {"token": issued.key, "expires_at": issued.token.expiry.isoformat()}


def _session_key(request) -> str | None:
    """The browser session of a session-authenticated request (None for a token)."""
    return request.session.session_key if request.auth is None else None


class ApiTokenOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    expires_at = serializers.DateTimeField(source="expiry", read_only=True)
    created_at = serializers.DateTimeField(source="created", read_only=True)
    current = serializers.SerializerMethodField(help_text="The token this request came with.")

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "client_name",
            "created_at",
            "last_used_at",
            "expires_at",
            "created_ip",
            "current",
        ]

    def get_current(self, token: ApiToken) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, ApiToken) and auth.pk == token.pk


class BrowserSessionOut(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="The session this request came with.")

    class Meta:
        model = UserSession
        fields = ["id", "created_at", "last_seen_at", "ip_address", "user_agent", "current"]

    def get_current(self, row: UserSession) -> bool:
        return row.session_key == _session_key(self.context["request"])


class SecurityEventOut(serializers.Serializer):
    created_at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.SerializerMethodField()
    ip_address = serializers.IPAddressField(allow_null=True)

    def get_label(self, event) -> str:
        return action_label(event.action)


class CredentialsRevokedOut(serializers.Serializer):
    api_tokens_revoked = serializers.IntegerField(source="api_tokens")
    sessions_ended = serializers.IntegerField(source="sessions")


class PasswordChangeIn(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)
    client_name = serializers.CharField(max_length=100, required=False)


class PasswordChangedOut(CredentialsRevokedOut):
    detail = serializers.CharField()
    token = serializers.CharField(
        required=False, help_text="A new token for the calling client (token-authenticated)."
    )
    expires_at = serializers.DateTimeField(required=False)


class ApiTokenList(APIView):
    @extend_schema(
        summary="The account's API clients (unexpired tokens)", responses=ApiTokenOut(many=True)
    )
    def get(self, request):
        tokens = selectors.api_tokens(request.user)
        return Response(ApiTokenOut(tokens, many=True, context={"request": request}).data)


class ApiTokenDetail(APIView):
    @extend_schema(summary="Revoke an API client's token", responses={204: None, 404: None})
    def delete(self, request, pk):
        credentials.revoke_api_token(
            user=request.user, token_id=pk, actor=request.user, ip_address=client_ip(request)
        )
        return Response(status=204)


class BrowserSessionList(APIView):
    @extend_schema(
        summary="The account's signed-in browser sessions", responses=BrowserSessionOut(many=True)
    )
    def get(self, request):
        rows = selectors.browser_sessions(request.user)
        return Response(BrowserSessionOut(rows, many=True, context={"request": request}).data)


class BrowserSessionDetail(APIView):
    @extend_schema(summary="Sign a browser session out", responses={204: None, 404: None})
    def delete(self, request, pk):
        credentials.revoke_browser_session(
            user=request.user, session_id=pk, actor=request.user, ip_address=client_ip(request)
        )
        return Response(status=204)


class SecurityLogView(APIView):
    @extend_schema(
        summary="The account's security log (last 50 events)",
        description=(
            "Sign-ins from unknown devices, trusted devices, password changes and resets, "
            "revoked clients and sessions, 'sign out everywhere', two-step verification changes."
        ),
        responses=SecurityEventOut(many=True),
    )
    def get(self, request):
        events = selectors.security_log(request.user)
        return Response(SecurityEventOut(events, many=True).data)


class LogoutAllView(APIView):
    @extend_schema(
        summary="Sign out everywhere: revoke every API token and end every browser session",
        request=None,
        responses=CredentialsRevokedOut,
    )
    def post(self, request):
        user = request.user
        revoked = credentials.sign_out_everywhere(
            user=user, actor=user, ip_address=client_ip(request)
        )
        if request.auth is None:  # a browser session: it is signed out too
            logout(request)
        return Response(CredentialsRevokedOut(revoked).data)


class PasswordChangeView(APIView):
    @extend_schema(
        summary="Change the password (revokes every API token and every other browser session)",
        description=(
            "With a token, the calling client's token is revoked too and a new one for it is "
            "returned (`client_name` names it, as at login); with a browser session, that "
            "session stays signed in."
        ),
        request=PasswordChangeIn,
        responses={200: PasswordChangedOut, 400: None},
    )
    def post(self, request):
        data = PasswordChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        revoked = change_password(
            user=request.user,
            current_password=data.validated_data["current_password"],
            new_password=data.validated_data["new_password"],
            keep_session_key=_session_key(request),
            ip_address=client_ip(request),
        )
        answer = {
            **CredentialsRevokedOut(revoked).data,
            "detail": _("Your password is changed; you are signed out everywhere else."),
        }
        if isinstance(request.auth, ApiToken):
            name = data.validated_data.get("client_name") or request.auth.client_name
            answer.update(api_token_answer(request, request.user, client_name=name))
        else:
            update_session_auth_hash(request, request.user)
        return Response(answer)
