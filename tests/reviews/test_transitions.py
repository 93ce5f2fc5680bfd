"""The TRANSITIONS maps are the only definition of legal moves: walk them."""

import pytest

from complaints.models import Complaint, ComplaintItem, ItemStatus
from core.errors import TransitionError
from core.workflow import check_transition
from reviews.models import CounterNotice, Deadline


@pytest.mark.parametrize("model", [ComplaintItem, CounterNotice, Deadline, Complaint])
def test_every_status_has_an_entry_and_illegal_moves_are_refused(model):
    statuses = model._meta.get_field("status").choices
    values = [value for value, _label in statuses]
    assert set(model.TRANSITIONS) == set(values)
    for source, targets in model.TRANSITIONS.items():
        obj = model(status=source)
        for target in values:
            if target in targets:
                check_transition(obj, target)
            else:
                with pytest.raises(TransitionError):
                    check_transition(obj, target)


def test_final_item_statuses_end_the_workflow():
    for status in (ItemStatus.RESTORED, ItemStatus.WITHDRAWN):
        assert ComplaintItem.TRANSITIONS[status] == set()
    # A rejection ends the workflow unless an appeal reverses it (appeals app).
    assert ComplaintItem.TRANSITIONS[ItemStatus.REJECTED] == {ItemStatus.ACCEPTED}
    assert ComplaintItem.TRANSITIONS[ItemStatus.UPHELD] == {ItemStatus.RESTORED}  # reversal only
