"""Pages: the permission matrix for every page, the happy paths, and query budgets."""

import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from ipr.models import IPR, IPRStatus
from tests import files
from tests.factories import UserFactory

from .conftest import TODAY, doc

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

OWNER_ONLY = {"anonymous": 302, "outsider": 404, "owner": 200, "reviewer": 404, "seller": 404}
OWNER_OR_REVIEWER = {**OWNER_ONLY, "reviewer": 200}
ROLE_OWNER = {"anonymous": 302, "outsider": 200, "owner": 200, "reviewer": 403, "seller": 403}
REVIEWERS = {"anonymous": 302, "outsider": 403, "owner": 403, "reviewer": 200, "seller": 403}

PAGES = [
    ("ipr:list", None, ROLE_OWNER),
    ("ipr:new", None, ROLE_OWNER),
    ("ipr:create", "kind", ROLE_OWNER),
    ("ipr:detail", "pending", OWNER_OR_REVIEWER),
    ("ipr:edit", "failed", OWNER_ONLY),
    ("ipr:letter_pdf", "pending", OWNER_ONLY),
    ("ipr:confirm_renew", "withdrawn", OWNER_ONLY),
    ("ipr:review", "pending", REVIEWERS),
    ("ipr:confirm_approve", "pending", REVIEWERS),
    ("ipr:confirm_reject", "pending", REVIEWERS),
    ("ipr:confirm_mark_invalid", "authenticated", REVIEWERS),
]
POST_ONLY = [
    ("ipr:submit", "draft"),
    ("ipr:letter_upload", "draft"),
    ("ipr:renew", "withdrawn"),
    ("ipr:approve", "pending"),
    ("ipr:reject", "pending"),
    ("ipr:mark_invalid", "authenticated"),
]


@pytest.fixture
def actors(rights_owner, outsider, reviewer, seller):
    return {
        "anonymous": None,
        "outsider": outsider,
        "owner": rights_owner,
        "reviewer": reviewer,
        "seller": seller,
    }


@pytest.fixture
def iprs(make_ipr, rights_owner):
    return {
        trait: make_ipr(owner=rights_owner, **({trait: True} if trait != "pending" else {}))
        for trait in ("draft", "pending", "failed", "authenticated", "withdrawn")
    }


def _url(name, arg, iprs):
    if arg is None:
        return reverse(name)
    if arg == "kind":
        return reverse(name, args=["trademark"])
    return reverse(name, args=[iprs[arg].pk])


@pytest.mark.parametrize("name, arg, expected", PAGES, ids=[p[0] for p in PAGES])
def test_page_permission_matrix(client, actors, iprs, name, arg, expected):
    url = _url(name, arg, iprs)
    for who, user in actors.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected[who], f"{who} GET {url}"
        if who == "anonymous":
            assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("name, arg", POST_ONLY, ids=[p[0] for p in POST_ONLY])
def test_handlers_are_post_only_and_refuse_strangers(client, actors, iprs, name, arg):
    url = _url(name, arg, iprs)
    client.force_login(actors["owner"] if "review" not in url else actors["reviewer"])
    assert client.get(url).status_code == 405
    client.force_login(actors["seller"])
    assert client.post(url).status_code in (403, 404)
    client.force_login(actors["outsider"])
    assert client.post(url).status_code in (403, 404)
    assert not AuditEvent.objects.filter(
        action__startswith="ipr.", actor__in=[actors["seller"], actors["outsider"]]
    ).exists()


def _trademark_post(**overrides):
    data = {
        "right_owner_name": "Acme Brands Ltd",
        "is_registered": "yes",
        "document_type": "registration_certificate",
        "mark_word": "ACME",
        "nice_classes": ["25", "18"],
        "goods_services": "Clothing",
        "jurisdiction": "China",
        "office": "CNIPA",
        "number": "TM-1",
        "registered_on": "2021-01-01",
        "expires_on": "2031-01-01",
        "certificate": files.pdf(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_owner_submits_trademark_from_the_form(client, rights_owner):
    client.force_login(rights_owner)
    response = client.post(reverse("ipr:create", args=["trademark"]), _trademark_post())
    ipr = IPR.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ipr:detail", args=[ipr.pk]
    )
    assert ipr.status == "pending" and ipr.nice_classes == [18, 25]
    page = client.get(reverse("ipr:list")).content.decode()
    assert "Pending authentication" in page and "ACME" in page


def test_filing_receipt_is_refused_on_the_form_with_faq_text(client, rights_owner):
    client.force_login(rights_owner)
    response = client.post(
        reverse("ipr:create", args=["trademark"]), _trademark_post(document_type="filing_receipt")
    )
    assert response.status_code == 400
    assert "still under examination, not registered" in response.content.decode()
    assert not IPR.objects.exists()


def test_failed_form_keeps_the_uploaded_certificate(client, rights_owner):
    client.force_login(rights_owner)
    response = client.post(
        reverse("ipr:create", args=["trademark"]), _trademark_post(expires_on="2020-01-01")
    )
    body = response.content.decode()
    assert response.status_code == 400 and "after the registration date" in body
    assert "certificate.pdf" in body and 'name="certificate__kept"' in body


def test_unverified_account_sees_why_it_cannot_submit(client):
    user = UserFactory(email="fresh@example.com")
    client.force_login(user)
    page = client.get(reverse("ipr:create", args=["trademark"])).content.decode()
    assert "identity has not been verified" in page and 'id="ipr-form"' not in page
    client.post(reverse("ipr:create", args=["trademark"]), _trademark_post())
    assert not IPR.objects.exists()


def test_agent_flow_letter_download_then_upload_submits(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("ipr:create", args=["trademark"]),
        _trademark_post(right_owner_name="Acme Brands Ltd"),
    )
    ipr = IPR.objects.get()
    assert ipr.status == "draft"
    detail = client.get(response["Location"]).content.decode()
    assert (
        "authorization letter" in detail.lower()
        and "authorization for sales or use" in detail.lower()
    )
    pdf = client.get(
        reverse("ipr:letter_pdf", args=[ipr.pk]) + "?starts_on=2026-03-01&ends_on=2027-02-28"
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    for expected in (
        "Acme Brands Ltd",
        "Swift IP Agency",
        "to file infringement complaints through the IPP platform",
        "2027-02-28",
        "TM-1",
    ):
        assert expected in " ".join(text.split()), expected
    upload = files.upload("signed.pdf", pdf.content, "application/pdf")
    response = client.post(
        reverse("ipr:letter_upload", args=[ipr.pk]),
        {
            "authorization_letter": upload,
            "letter_starts_on": "2026-03-01",
            "letter_ends_on": "2027-02-28",
        },
    )
    assert response.status_code == 302
    ipr.refresh_from_db()
    assert ipr.status == "pending" and ipr.authorization_letter is not None


def test_reviewer_rejects_through_confirmation_then_owner_edits_and_resubmits(
    client, reviewer, rights_owner, make_ipr
):
    ipr = make_ipr(owner=rights_owner)
    client.force_login(reviewer)
    confirm = client.get(reverse("ipr:confirm_reject", args=[ipr.pk])).content.decode()
    assert "filing receipt" in confirm
    bad = client.post(reverse("ipr:reject", args=[ipr.pk]), {"code": "other", "text": ""})
    assert bad.status_code == 400
    client.post(
        reverse("ipr:reject", args=[ipr.pk]),
        {"code": "illegible", "text": "The seal is unreadable."},
    )
    ipr.refresh_from_db()
    assert ipr.status == "failed"
    client.force_login(rights_owner)
    listing = client.get(reverse("ipr:list")).content.decode()
    assert "The seal is unreadable." in listing and reverse("ipr:edit", args=[ipr.pk]) in listing
    edit = client.get(reverse("ipr:edit", args=[ipr.pk])).content.decode()
    assert "The seal is unreadable." in edit
    response = client.post(
        reverse("ipr:edit", args=[ipr.pk]),
        _trademark_post(certificate=files.pdf(name="clear-scan.pdf"), number=ipr.number),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ipr.refresh_from_db()
    assert (ipr.status, ipr.version, ipr.certificate.original_name) == (
        "pending",
        2,
        "clear-scan.pdf",
    )


def test_reviewer_approves_through_confirmation(client, reviewer, make_ipr):
    ipr = make_ipr()
    client.force_login(reviewer)
    review = client.get(reverse("ipr:review", args=[ipr.pk])).content.decode()
    # The PDF certificate is shown inline as rendered page images.
    assert f'src="/documents/{ipr.certificate.pk}/pages/1.png"' in review
    response = client.post(reverse("ipr:approve", args=[ipr.pk]), {"note": ""})
    assert response.status_code == 302
    ipr.refresh_from_db()
    assert ipr.status == "authenticated"
    again = client.post(reverse("ipr:approve", args=[ipr.pk]), {"note": ""})
    assert again.status_code == 400 and "the IPR is authenticated" in again.content.decode()


def test_review_shows_images_inline(client, reviewer, make_ipr, rights_owner):
    ipr = make_ipr(owner=rights_owner, logo=doc(rights_owner, files.png, name="logo.png"))
    client.force_login(reviewer)
    page = client.get(reverse("ipr:review", args=[ipr.pk])).content.decode()
    assert f'<img src="/documents/{ipr.logo.pk}/"' in page


def test_renew_creates_draft_and_opens_edit(client, rights_owner, make_ipr):
    old = make_ipr(owner=rights_owner, expired=True, expires_on=TODAY - datetime.timedelta(days=3))
    client.force_login(rights_owner)
    renew = reverse("ipr:confirm_renew", args=[old.pk])
    assert renew in client.get(reverse("ipr:list")).content.decode()
    response = client.post(reverse("ipr:renew", args=[old.pk]))
    new = IPR.objects.get(renewal_of=old)
    assert response["Location"] == reverse("ipr:edit", args=[new.pk])
    listing = client.get(reverse("ipr:list")).content.decode()
    assert renew not in listing  # renewal already under way
    IPR.objects.filter(pk=new.pk).update(status=IPRStatus.WITHDRAWN)
    assert renew in client.get(reverse("ipr:list")).content.decode()  # offered again


def test_list_filters_by_status_and_kind(client, rights_owner, make_ipr):
    make_ipr(owner=rights_owner, mark_word="PENDINGMARK")
    make_ipr(owner=rights_owner, failed=True, mark_word="FAILEDMARK")
    make_ipr(owner=rights_owner, kind="patent", title="PATENTTITLE", mark_word="")
    client.force_login(rights_owner)
    page = client.get(reverse("ipr:list") + "?status=failed").content.decode()
    assert "FAILEDMARK" in page and "PENDINGMARK" not in page
    page = client.get(reverse("ipr:list") + "?kind=patent").content.decode()
    assert "PATENTTITLE" in page and "PENDINGMARK" not in page


# --- query budgets ---------------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries, budget) -> int:
    with django_assert_max_num_queries(budget) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_page_query_count_is_the_same_for_2_and_25_rows(
    client, rights_owner, make_ipr, django_assert_max_num_queries
):
    client.force_login(rights_owner)
    counts = []
    for rows in (2, 23):  # 2, then 25 in all
        for i in range(rows):
            make_ipr(owner=rights_owner, **({"failed": True} if i % 2 else {"withdrawn": True}))
        counts.append(_queries(client, reverse("ipr:list"), django_assert_max_num_queries, 8))
    assert counts[0] == counts[1], counts


def test_the_retired_ipr_queue_page_leads_to_the_workbench_queue(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/ipr/review/")
    assert response.status_code == 301 and response["Location"] == "/review/queue/iprs/"
    nav = client.get("/review/").content.decode()
    assert "IPR queue" not in nav and "/ipr/review/" not in nav


def test_detail_and_review_pages_stay_within_budget(
    client, reviewer, rights_owner, make_ipr, django_assert_max_num_queries
):
    ipr = make_ipr(owner=rights_owner)
    client.force_login(rights_owner)
    _queries(client, reverse("ipr:detail", args=[ipr.pk]), django_assert_max_num_queries, 10)
    client.force_login(reviewer)
    _queries(client, reverse("ipr:review", args=[ipr.pk]), django_assert_max_num_queries, 10)
