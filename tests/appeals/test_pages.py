"""Where each decision is shown to its party, an "Appeal this decision" link; My appeals lists
the appellant's appeals and those of which the account is the other party."""

import pytest
from django.test import Client
from django.urls import reverse

from appeals import selectors
from appeals.models import AppealKind

from .test_services import decide, file


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_each_decision_page_links_its_party_to_an_appeal(
    upheld_item, seller, failed_ipr, complainant, rejected_identity, applicant
):
    seller_page = _page(seller, reverse("reviews:seller_item", args=[upheld_item.pk]))
    assert reverse("appeals:new", args=["takedown", upheld_item.pk]) in seller_page
    ipr_page = _page(complainant, reverse("ipr:detail", args=[failed_ipr.pk]))
    assert reverse("appeals:new", args=["ipr_rejection", failed_ipr.pk]) in ipr_page
    identity_page = _page(applicant, reverse("accounts:identity"))
    assert (
        reverse("appeals:new", args=["identity_rejection", rejected_identity.pk]) in identity_page
    )


@pytest.mark.django_db
def test_an_active_sanction_links_to_an_appeal(sanction, complainant):
    page = _page(complainant, reverse("complaints:accuracy"))
    assert reverse("appeals:new", args=["sanction", sanction.pk]) in page


@pytest.mark.django_db
def test_my_appeals_shows_the_other_partys_appeals_too(
    upheld_item, rejected_item, seller, complainant, second_reviewer, outsider
):
    takedown = file(seller, AppealKind.TAKEDOWN, upheld_item)
    rejected = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    assert set(selectors.appeals_for(complainant)) == {takedown, rejected}
    # The seller never saw the rejected URL: its appeal appears once granted (listing down).
    assert set(selectors.appeals_for(seller)) == {takedown}
    decide(rejected, second_reviewer, grant=True)
    assert set(selectors.appeals_for(seller)) == {takedown, rejected}
    assert not selectors.appeals_for(outsider).exists()
    page = _page(seller, reverse("appeals:list"))
    assert f"#{rejected.pk}" in page and "other party" in page
    detail = _page(seller, reverse("appeals:detail", args=[rejected.pk]))
    assert rejected.statement not in detail and "ip@example.com" in detail
    assert "brand@example.com" not in detail.replace("seller@example.com", "")


@pytest.mark.django_db
def test_the_appeal_page_says_when_the_window_has_closed(rejected_item, complainant, frozen):
    from .conftest import DAY, MONDAY

    frozen.move_to(MONDAY + 190 * DAY)
    page = _page(complainant, reverse("appeals:new", args=["rejected_url", rejected_item.pk]))
    assert 'id="window-closed"' in page and 'id="appeal-form"' not in page
