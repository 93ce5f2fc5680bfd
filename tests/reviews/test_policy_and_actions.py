from dataclasses import FrozenInstanceError

import pytest

from complaints.audit_actions import ComplaintAction
from complaints.models import ComplaintItem, ComplaintStatus, ItemStatus
from core.audit_actions import action_label, registered_actions
from ipr.models import IPRKind
from reviews.audit_actions import ReviewAction
from reviews.models import CounterNotice, Deadline, DeadlineStatus
from reviews.policy import DMCA_NOTICE_KIND, complaint_kind, penalty_policy, window_days


def test_policy_defaults_are_code_and_settings_override_values_only(settings):
    assert penalty_policy("taobao").daily_cap == 6
    assert penalty_policy("alibaba").terminate_serious.per_ipr == 3
    assert penalty_policy("aliexpress").record_days == 365
    settings.IPP = {
        **settings.IPP,
        "PENALTY_POLICY": {"default": {"daily_cap": 9}, "alibaba": {"merge_window_days": 5}},
    }
    assert penalty_policy("taobao").daily_cap == 9
    assert penalty_policy("alibaba").merge_window_days == 5
    assert penalty_policy("alibaba").per_owner_kinds == (IPRKind.COPYRIGHT,)
    with pytest.raises(FrozenInstanceError):
        penalty_policy("taobao").daily_cap = 1  # type: ignore[misc]
    settings.IPP = {**settings.IPP, "PENALTY_POLICY": {"default": {"no_such_rule": 1}}}
    with pytest.raises(TypeError):
        penalty_policy("taobao")


def test_window_days_per_platform(settings):
    assert window_days("seller_counter_notice", "taobao") == 3
    settings.IPP = {
        **settings.IPP,
        "REVIEW_WINDOWS": {"complainant_answer": {"default": 4, "taobao": 6}},
    }
    assert window_days("complainant_answer", "taobao") == 6
    assert window_days("complainant_answer", "alibaba") == 4
    assert window_days("seller_counter_notice", "taobao") == 3


def test_a_dmca_notice_counts_as_copyright():
    assert DMCA_NOTICE_KIND == IPRKind.COPYRIGHT
    assert complaint_kind(None) == IPRKind.COPYRIGHT
    assert complaint_kind(IPRKind.TRADEMARK) == IPRKind.TRADEMARK


def _targets(model, source=None):
    sources = [source] if source else list(model.TRANSITIONS)
    return {to for s in sources for to in model.TRANSITIONS.get(s, ())}


def test_every_built_action_is_a_registered_member():
    """core.workflow builds "<subject>.<status>": each such code must be an enum member."""
    registered = registered_actions()
    built = (
        [f"url.{s}" for s in _targets(ComplaintItem, ItemStatus.PENDING)]
        + [ReviewAction.for_deadline(s) for s in _targets(Deadline) - {DeadlineStatus.OPEN}]
        + [ReviewAction.for_counter_notice(s) for s in _targets(CounterNotice)]
        + [
            ReviewAction.for_item(s)
            for s in (ItemStatus.ACCEPTED, ItemStatus.REJECTED, ItemStatus.UPHELD)
        ]
        + [ReviewAction.for_complaint(s) for s in (ComplaintStatus.IN_REVIEW,)]
    )
    assert all(code in registered for code in built)
    assert ComplaintAction.URL_VALID in registered
    assert action_label("url.accepted") == str(ReviewAction.URL_ACCEPTED.label)
    assert action_label("ipr.authenticated") == "IPR authenticated"
    assert action_label("some_thing.done") == "Some thing done"
