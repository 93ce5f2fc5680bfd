"""Every email and notification goes out in its recipient's language: one reviewer's decision
on an English-speaking owner's complaint tells a Chinese seller in Chinese and the owner in
English, by email (rendered by a real Celery worker) and in the portal."""

import time

import pytest
from django.core import mail
from django.db import transaction

from complaints import services as complaint_svc
from core.models import Notification, OutboxMessage
from core.notify import email_after_commit
from reviews.services import decisions
from tests.chinese import compile_catalogue
from tests.complaints.conftest import url_of
from tests.reviews.conftest import file_validated, items_of, make_listings


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    compile_catalogue()


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


def _decide_everything(complaint, reviewer) -> None:
    with transaction.atomic():
        for item in items_of(complaint):
            decisions.accept_item(item=item, actor=reviewer, note="ACME 商标")


@pytest.mark.django_db(transaction=True)
def test_a_chinese_seller_and_an_english_owner_each_read_their_notice_in_their_language(
    celery_worker, complainant, trademark, store, seller, reviewer
):
    seller.language, complainant.language = "zh-hans", "en"
    seller.save(update_fields=["language"])
    complainant.save(update_fields=["language"])
    complaint = file_validated(complainant, trademark, make_listings(store, 2))
    mail.outbox.clear()
    _decide_everything(complaint, reviewer)
    processed_subject = f"Complaint #{complaint.pk} has been processed"
    assert _wait_for(
        lambda: _to(seller) and any(m.subject == processed_subject for m in _to(complainant))
    ), [m.subject for m in mail.outbox]

    [notice] = _to(seller)
    assert notice.subject == "下架通知：2 个商品", notice.subject
    assert "您好" in notice.body and "理由说明" in notice.body
    assert "假冒" in notice.body  # the complaint reason, in the seller's language
    assert "Takedown" not in notice.body and "Hello" not in notice.body
    html = notice.alternatives[0][0]
    assert '<html lang="zh-hans">' in html and "ACME sneaker copy 0" in html  # data as typed
    assert "ACME 商标" in notice.body  # the reviewer's note: user data, never translated

    [processed] = [m for m in _to(complainant) if m.subject == processed_subject]
    assert "Hello," in processed.body and "您好" not in processed.body
    assert '<html lang="en">' in processed.alternatives[0][0]

    [seller_line] = Notification.objects.filter(user=seller)
    assert seller_line.title.startswith(f"下架通知：您的 2 个商品（投诉 #{complaint.pk}）")
    [owner_line] = Notification.objects.filter(user=complainant, kind="complaint_processed")
    assert owner_line.title == f"Complaint #{complaint.pk}: 2 of 2 URLs taken down"
    # Each email's language travels with it through the outbox.
    emails = OutboxMessage.objects.filter(task="core.tasks.send_templated_email")
    languages = {m.kwargs["template"]: m.kwargs["language"] for m in emails}
    assert languages["takedown_notice"] == "zh-hans"
    assert languages["complaint_processed"] == "en"


@pytest.mark.django_db
def test_the_same_decision_reads_the_other_way_round(
    complainant, trademark, store, seller, reviewer, django_capture_on_commit_callbacks
):
    seller.language, complainant.language = "en", "zh-hans"
    seller.save(update_fields=["language"])
    complainant.save(update_fields=["language"])
    complaint = file_validated(complainant, trademark, make_listings(store, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide_everything(complaint, reviewer)
    [notice] = _to(seller)
    assert notice.subject.startswith("Takedown notice:") and "Counterfeit" in notice.body
    [processed] = _to(complainant)
    assert processed.subject == f"投诉 #{complaint.pk} 已处理"
    assert "已接受" in processed.body or "已下架" in processed.body, processed.body
    line = Notification.objects.get(user=complainant, kind="complaint_processed")
    assert line.title == f"投诉 #{complaint.pk}：1 个链接中已下架 1 个"


@pytest.mark.django_db
def test_a_dmca_notifier_reads_the_language_of_the_form_it_used(
    django_capture_on_commit_callbacks, store
):
    listing = make_listings(store, 1)[0]
    data = complaint_svc.DmcaInput(
        platform="taobao",
        reason="copyright_pirated",
        urls=url_of(listing),
        notifier_name="Li Wei",
        notifier_email="li.wei@example.com",
        notifier_phone="+86 10 5555 0100",
        notifier_address="北京",
        rights_owner_name="Li Wei",
        work_description="摄影作品",
        signature="Li Wei",
        good_faith_statement=True,
        accuracy_statement=True,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_svc.file_dmca_notice(data=data, language="zh-hans")
    assert complaint.dmca.language == "zh-hans"
    with django_capture_on_commit_callbacks(execute=True):
        complaint_svc.validate_complaint(complaint_id=complaint.pk)
    [email] = [m for m in mail.outbox if "li.wei@example.com" in m.to]
    assert email.subject.startswith("投诉 #"), email.subject


@pytest.mark.django_db
def test_an_address_without_an_account_or_language_reads_english(
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit("complaint_processed", ["nobody@example.com"], {"complaint_id": 7})
    assert mail.outbox[0].subject == "Complaint #7 has been processed"
