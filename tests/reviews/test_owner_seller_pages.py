"""What the seller reads before answering (reason, IPR registration, description, proof, the
complainant's name and contact email only, the time left) and what waits for the owner in
Manage Complaints (counter-notices to answer, with days left)."""

import pytest
from django.urls import reverse

from reviews.services import counter_notices as cn
from reviews.services import decisions
from tests.files import proof_document
from tests.reviews.conftest import at, file_validated, items_of, make_listings

from .conftest import MONDAY


@pytest.fixture
def taken_down(complainant, trademark, store, reviewer, frozen):
    trademark.number = "TM-30012345"
    trademark.right_owner_name = "Acme Brands Ltd"
    trademark.office = "CNIPA"
    trademark.goods_services = "Footwear; sports shoes"
    trademark.save()
    proof = proof_document(complainant, "side-by-side.png")
    complaint = file_validated(complainant, trademark, make_listings(store, 2), evidence=[proof])
    complaint.description = "Fake ACME sneakers with our logo on the tongue."
    complaint.save(update_fields=["description"])
    item = items_of(complaint)[0]
    decisions.accept_item(item=item, actor=reviewer)
    return item


@pytest.mark.django_db
def test_the_seller_item_page_shows_everything_needed_to_answer_above_the_form(
    client, seller, taken_down
):
    client.force_login(seller)
    body = client.get(reverse("reviews:seller_item", args=[taken_down.pk])).content.decode()
    form_at = body.index('id="counter-notice-form"')
    for marker, text in [
        ('id="notice-reason"', "Counterfeit"),
        ('id="notice-reason"', "side-by-side comparison"),
        ('id="notice-description"', "Fake ACME sneakers with our logo"),
        ('id="notice-proof"', "side-by-side.png"),
        ('id="notice-ipr"', "TM-30012345"),
        ('id="notice-ipr"', "CNIPA"),
        ('id="notice-ipr"', "25"),
        ('id="notice-ipr"', "Footwear; sports shoes"),
        ('id="complainant-contact"', "Acme Brands Ltd"),
        ('id="complainant-contact"', "ip@example.com"),
    ]:
        pos = body.index(marker)
        assert pos < form_at and text in body[pos : pos + 2500], (marker, text)
    deadline = body[body.index('id="seller-deadline"') :][:600]
    assert "3 working days left (due 5 Mar, 10:00 UTC)" in deadline
    # only a name and a contact email of the person
    assert "brand@example.com" not in body and "1 Secret Street" not in body
    assert "+86 555 0100" not in body


@pytest.mark.django_db
def test_a_taken_down_listing_is_never_shown_green_to_its_seller(client, seller, taken_down):
    client.force_login(seller)
    item_page = client.get(reverse("reviews:seller_item", args=[taken_down.pk])).content.decode()
    assert 'class="status status-taken-down" id="item-status">Listing taken down' in item_page
    home = client.get(reverse("reviews:seller_home")).content.decode()
    assert "status-taken-down" in home and "status-accepted" not in home
    assert "3 working days left" in home


@pytest.mark.django_db
def test_the_seller_sees_its_deadline_in_its_own_time_zone(client, seller, taken_down):
    seller.time_zone = "Asia/Shanghai"
    seller.save(update_fields=["time_zone"])
    client.force_login(seller)
    body = client.get(reverse("reviews:seller_item", args=[taken_down.pk])).content.decode()
    assert "3 working days left (due 5 Mar, 18:00 CST)" in body


@pytest.mark.django_db
def test_the_seller_api_adds_working_days_left_beside_the_iso_time(client, seller, taken_down):
    client.force_login(seller)
    row = client.get("/api/v1/seller/items/").json()["results"][0]
    assert row["counter_notice_due"].startswith("2026-03-05T10:00:00")
    assert row["counter_notice_working_days_left"] == 3
    assert row["complainant_answer_working_days_left"] is None


@pytest.mark.django_db
def test_manage_complaints_shows_counter_notices_waiting_for_the_owner_with_days_left(
    client, complainant, seller, taken_down
):
    cn.submit_counter_notice(
        item=taken_down,
        actor=seller,
        data=cn.CounterNoticeInput(grounds="genuine_goods", statement="Bought from a distributor."),
    )
    client.force_login(complainant)
    with at(MONDAY):
        body = client.get(reverse("complaints:manage")).content.decode()
    row = body[body.index(f'href="/complaints/{taken_down.complaint_id}/"') :][:1500]
    assert "1 counter-notice to answer" in row
    assert "3 working days left (due 5 Mar, 10:00 UTC)" in row
    detail = client.get(reverse("complaints:detail", args=[taken_down.complaint_id]))
    assert "working days left" in detail.content.decode()
    notice = client.get(
        reverse("reviews:counter_notice", args=[taken_down.counter_notices.get().pk])
    )
    assert "Your answer:" in notice.content.decode()
    assert "working days left" in notice.content.decode()
