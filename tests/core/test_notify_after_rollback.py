"""core.notify within one event: a message written inside a savepoint that was rolled back since
(a caller caught the error and went on) is not joined; the next one about the subject is written
anew, with its email."""

import pytest
from django.db import transaction

from core.models import Notification, OutboxMessage
from core.notify import notify_user

ITEM = {"complaint_id": 12, "listing_title": "ACME sneaker copy", "url": "https://x.test/1"}


@pytest.mark.django_db
def test_a_message_rolled_back_with_its_savepoint_is_written_anew(rights_owner):
    with transaction.atomic():
        notify_user(rights_owner, "ipr_authenticated", {"ipr_id": 4, "ipr_label": "ACME"})
        with pytest.raises(RuntimeError), transaction.atomic():
            notify_user(rights_owner, "listing_restored", ITEM)
            raise RuntimeError("the caller's next step failed")
        assert not Notification.objects.filter(kind="listing_restored").exists()
        note = notify_user(rights_owner, "listing_restored", {**ITEM, "url": "https://x.test/2"})
    assert Notification.objects.filter(pk=note.pk, kind="listing_restored").exists()
    [email] = [
        m for m in OutboxMessage.objects.all() if m.kwargs.get("template") == "listing_restored"
    ]
    assert [e["url"] for e in email.kwargs["context"]["entries"]] == ["https://x.test/2"]
