"""get_FOO_display() of the models with QuickDisplay answers as Django's does, in the language of
the moment, without rebuilding the choices on every call."""

from django.utils import translation

from complaints.models import Complaint, ComplaintItem, ComplaintStatus
from ipr.models import IPR


def test_labels_match_djangos_and_follow_the_language():
    complaint = Complaint(platform="taobao", reason="counterfeit", status="in_review")
    assert complaint.get_status_display() == "Under review"
    assert complaint.get_reason_display() == "Counterfeit"
    with translation.override("zh-hans"):
        translated = Complaint(status="in_review").get_status_display()
        assert translated == str(ComplaintStatus.IN_REVIEW.label)
    assert ComplaintItem(status="no-such-status").get_status_display() == "no-such-status"


def test_an_ipr_is_named_by_its_kind_and_mark():
    ipr = IPR(kind="trademark", mark_word="ACME", number="TM1")
    assert str(ipr) == "Trademark ACME · TM1"
    assert str(IPR(kind="copyright", work_title="Song")) == "Copyright Song"
