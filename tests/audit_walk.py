"""The transition walk: every move declared in a TRANSITIONS map must write its audit row.

While the suite runs, every audit row written (one by one or in bulk) is noted with its target,
action and from/to status; the suite's own service calls are the walk. When the whole suite ran
(no selection), `pytest_sessionfinish` fails the run if a declared move never wrote an audit row
anywhere, naming the moves. A row counts for a model's move when its from/to statuses match and
it targets the model or carries the model's action prefix (moves audited on a parent, such as an
answer window audited on its complaint item as "deadline.lapsed")."""

import re

from django.apps import apps

SEEN: set[tuple[str, str, str, str]] = set()


def note(event) -> None:
    prefix = (event.action or "").split(".", 1)[0]
    SEEN.add((event.target_type, prefix, event.from_status or "", event.to_status or ""))


def install() -> None:
    from core.models import AuditEvent, AuditEventQuerySet

    save, bulk_create = AuditEvent.save, AuditEventQuerySet.bulk_create

    def save_and_note(self, *args, **kwargs):
        save(self, *args, **kwargs)
        note(self)

    def bulk_create_and_note(self, objs, *args, **kwargs):
        objs = list(objs)
        created = bulk_create(self, objs, *args, **kwargs)
        for event in objs:
            note(event)
        return created

    AuditEvent.save = save_and_note
    AuditEventQuerySet.bulk_create = bulk_create_and_note
    _note_record_many()


def _note_record_many() -> None:
    """Rows written by `core.audit.record_many` (one INSERT ... SELECT on PostgreSQL)."""
    from types import SimpleNamespace

    from core import audit

    record_many = audit.record_many

    def nth(value, i: int):
        return value if isinstance(value, str) or value is None else value[i]

    def record_many_and_note(**kwargs):
        written = record_many(**kwargs)
        for i in range(len(kwargs["target_ids"])):
            fields = ("target_type", "action", "from_status", "to_status")
            note(SimpleNamespace(**{f: nth(kwargs.get(f, ""), i) for f in fields}))
        return written

    audit.record_many = record_many_and_note


def _prefixes(model) -> set[str]:
    name = model.__name__
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return {model._meta.model_name, snake}


def missing_moves() -> list[str]:
    missing = []
    for model in apps.get_models():
        transitions = getattr(model, "TRANSITIONS", None)
        if not transitions:
            continue
        label, prefixes = model._meta.label_lower, _prefixes(model)
        for source, targets in transitions.items():
            for target in targets:
                covered = any(
                    f == source and t == target and (tt == label or p in prefixes)
                    for tt, p, f, t in SEEN
                )
                if not covered:
                    missing.append(f"{label}: {source} -> {target}")
    return sorted(missing)
