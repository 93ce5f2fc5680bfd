"""Output serializers for long lists, without DRF's per-value lookup machinery.

DRF's `Serializer.to_representation` reaches every value through `fields.get_attribute`, which
asks `inspect.signature` whether each callable attribute takes arguments, for every row: a page
of 50 IPRs of 36 fields cost 1,800 lookups and about a fifth of the API list's time.
`PlannedOutput` works out once per serializer (so once per page: a list's rows share one child
serializer) how each field reaches its value: a model column read with `getattr`, a method called
with no arguments, a related object's primary key read from its column, the whole row (method
fields, `source="*"`), or DRF's own way for anything else. The values are still rendered by
each field's own `to_representation`, so the output is DRF's (tests/core/test_api_output.py
compares the two on every serializer that uses it)."""

import copy
from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.fields import is_simple_callable
from rest_framework.relations import PKOnlyObject, RelatedField

_COLUMN, _CALL, _PK, _WHOLE, _DRF = range(5)
_BUILT_FIELDS: dict[type, dict[str, serializers.Field]] = {}


class PlannedOutput(serializers.Serializer):
    """Mix in first: `class FooOut(PlannedOutput, serializers.ModelSerializer)`. Read-only.

    A ModelSerializer also builds its fields from the model on every instance (each request):
    for a model of 36 columns that was a fifth of the API list. Here they are built once per
    class and each instance gets copies, made as DRF copies declared fields (each field
    constructed again from its own arguments)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        built = _BUILT_FIELDS.get(type(self))
        if built is None:
            built = _BUILT_FIELDS[type(self)] = super().get_fields()
        return copy.deepcopy(built)

    def _plan_for(self, instance: Any) -> list[tuple[int, Any, str, Any]]:
        model = type(instance)
        plan: list[tuple[int, Any, str, Any]] = []
        for field in self._readable_fields:
            attrs = field.source_attrs
            if field.source == "*":
                plan.append((_WHOLE, field.field_name, "", field))
            elif len(attrs) != 1:
                plan.append((_DRF, field.field_name, "", field))
            elif isinstance(field, RelatedField) and field.use_pk_only_optimization():
                column = _column(model, attrs[0], relation=True)
                plan.append((_PK if column else _DRF, field.field_name, column, field))
            elif column := _column(model, attrs[0], relation=False):
                plan.append((_COLUMN, field.field_name, column, field))
            elif _is_method(getattr(instance, attrs[0], None)):
                plan.append((_CALL, field.field_name, attrs[0], field))
            else:
                plan.append((_DRF, field.field_name, "", field))
        return plan

    def to_representation(self, instance: Any) -> dict:
        if not isinstance(instance, models.Model):
            return super().to_representation(instance)
        cached = getattr(self, "_planned", None)
        if cached is None or cached[0] is not type(instance):
            cached = (type(instance), self._plan_for(instance))
            self._planned = cached
        row: dict[str, Any] = {}
        for how, name, attr, field in cached[1]:
            if how == _WHOLE:
                row[name] = field.to_representation(instance)
                continue
            if how == _COLUMN:
                value = getattr(instance, attr)
            elif how == _CALL:
                value = getattr(instance, attr)()
            elif how == _PK:
                pk = getattr(instance, attr)
                value = None if pk is None else PKOnlyObject(pk=pk)
            else:
                try:
                    value = field.get_attribute(instance)
                except serializers.SkipField:
                    continue
                if isinstance(value, PKOnlyObject) and value.pk is None:
                    value = None
            row[name] = None if value is None else field.to_representation(value)
        return row


def _is_method(value: Any) -> bool:
    """A callable DRF would call for the value (one taking no arguments)."""
    return callable(value) and is_simple_callable(value)


def _column(model: type, name: str, *, relation: bool) -> str:
    """The attribute holding `name`'s stored value on `model` ("" when it is not a column):
    a concrete field's own attribute, or a forward relation's `<name>_id`."""
    try:
        field = model._meta.get_field(name)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 (FieldDoesNotExist and non-model classes alike)
        return ""
    if not getattr(field, "concrete", False):
        return ""
    if bool(field.is_relation) != relation:
        return ""
    if relation and not (field.many_to_one or field.one_to_one):
        return ""
    return field.attname
