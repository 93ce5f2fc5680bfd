"""Every identity page and endpoint against every actor: anonymous, the owner, another rights
owner, a seller and a reviewer."""

import pytest
from rest_framework.test import APIClient

from accounts.services import sole_account as sole_svc
from core.documents import store_upload
from tests import files
from tests.accounts.test_identity_services import submit
from tests.accounts.test_sole_account import approved

# (url, anonymous, owner, other owner, seller, reviewer) expected status codes
PAGES = [
    ("/account/identity/", 302, 200, 200, 403, 403),
    ("/account/identity/{s}/", 302, 200, 404, 404, 200),
    ("/account/sole-account/", 302, 200, 200, 403, 403),
    ("/account/sole-account/statement.pdf", 302, 200, 200, 403, 403),
    ("/review/queue/identity/", 302, 403, 403, 403, 200),
    ("/staff/identity/{s}/", 302, 403, 403, 403, 200),
    ("/staff/identity/{s}/approve/", 302, 403, 403, 403, 200),
    ("/staff/identity/{s}/reject/", 302, 403, 403, 403, 200),
    ("/staff/sole-account/{c}/", 302, 403, 403, 403, 200),
]
API = [
    ("/api/v1/identity/", 403, 200, 200, 403, 403),
    ("/api/v1/identity/submissions/", 403, 200, 200, 403, 403),
    ("/api/v1/identity/submissions/{s}/", 403, 200, 404, 404, 200),
    ("/api/v1/identity/submissions/{s}/timeline/", 403, 200, 404, 404, 200),
    ("/api/v1/identity/sole-account/", 403, 200, 200, 403, 403),
    ("/api/v1/review/identity/", 403, 403, 403, 403, 200),
    ("/api/v1/review/sole-accounts/", 403, 403, 403, 403, 200),
]


@pytest.fixture
def world(reviewer, seller):
    owner = approved("owner2@example.com", name="Matrix Co", reviewer=reviewer)
    approved("twin@example.com", name="Matrix Co", reviewer=reviewer)
    confirmation = sole_svc.submit_sole_account_confirmation(
        account=owner,
        identity_document=store_upload(owner=owner, upload=files.png()),
        statement=store_upload(owner=owner, upload=files.pdf()),
    )
    change = submit(owner, complainant_name="Matrix Company")
    other = approved("other@example.com", name="Other Co", reviewer=reviewer)
    actors = [None, owner, other, seller, reviewer]
    return actors, {"s": change.pk, "c": confirmation.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("row", PAGES, ids=[r[0] for r in PAGES])
def test_identity_pages_permission_matrix(client, world, row):
    actors, ids = world
    url = row[0].format(**ids)
    for actor, expected in zip(actors, row[1:], strict=True):
        client.logout()
        if actor is not None:
            client.force_login(actor)
        assert client.get(url).status_code == expected, (url, actor)


@pytest.mark.django_db
@pytest.mark.parametrize("row", API, ids=[r[0] for r in API])
def test_identity_api_permission_matrix(world, row):
    actors, ids = world
    url = row[0].format(**ids)
    for actor, expected in zip(actors, row[1:], strict=True):
        api = APIClient()
        if actor is not None:
            api.force_authenticate(actor)
        status = api.get(url).status_code
        assert status == expected or (actor is None and status == 401), (url, actor, status)


@pytest.mark.django_db
def test_decisions_by_non_reviewers_are_refused_everywhere(client, world):
    actors, ids = world
    for actor in actors[1:4]:
        client.force_login(actor)
        for url in (
            f"/staff/identity/{ids['s']}/approve/",
            f"/staff/identity/{ids['s']}/start/",
            f"/staff/sole-account/{ids['c']}/",
        ):
            assert client.post(url, {"decision": "approve"}).status_code == 403
        api = APIClient()
        api.force_authenticate(actor)
        for url in (
            f"/api/v1/review/identity/{ids['s']}/approve/",
            f"/api/v1/review/sole-accounts/{ids['c']}/approve/",
        ):
            assert api.post(url).status_code == 403
