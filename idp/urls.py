from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
]


def realm_urlpatterns(realm: str) -> list:
    """One marketplace's issuer at /<realm>/o: django-oauth-toolkit's authorization, token,
    discovery and userinfo views, with the JWKS document replaced by idp.views.jwks."""
    from django.contrib.auth import views as auth_views
    from django.urls import include, re_path
    from oauth2_provider import urls as dot_urls

    oauth = [
        pattern
        for pattern in dot_urls.base_urlpatterns + dot_urls.oidc_urlpatterns
        if getattr(pattern, "name", "") != "jwks-info"
    ]
    oauth.append(re_path(r"^\.well-known/jwks\.json$", views.jwks, name="jwks-info"))
    return [
        path(f"{realm}/", views.index),
        path(f"{realm}/login/", views.MemberLogin.as_view(), name="login"),
        path(f"{realm}/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
        path(f"{realm}/o/", include((oauth, "oauth2_provider"))),
    ]
