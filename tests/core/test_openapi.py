"""The published OpenAPI document is clean: drf-spectacular generates it without a warning or an
error, no two serializers or operations share a name, and every operation documents its errors."""

from collections import defaultdict

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import ComponentRegistry
from drf_spectacular.validation import validate_schema


def _identity(component) -> object:
    obj = component.object
    return obj if isinstance(obj, type) else type(obj)


@pytest.fixture(scope="module")
def generation():
    """Generate the schema as `manage.py spectacular` does, collecting drf-spectacular's warnings
    and errors (drainage.GENERATOR_STATS) and, independently of its own collision warning (which
    a serializer can silence), every class registered under each component name."""
    registered: dict[tuple[str, str], set[object]] = defaultdict(set)
    original = ComponentRegistry.__contains__

    def noting(self, component):
        registered[component.key].add(_identity(component))
        return original(self, component)

    GENERATOR_STATS.reset()
    with pytest.MonkeyPatch.context() as patch, GENERATOR_STATS.silence():
        patch.setattr(ComponentRegistry, "__contains__", noting)
        schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {
        "warnings": sorted(GENERATOR_STATS._warn_cache),
        "errors": sorted(GENERATOR_STATS._error_cache),
    }
    GENERATOR_STATS.reset()
    return schema, found, registered


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_schema_generates_without_warnings_or_errors(generation):
    _schema, found, _registered = generation
    assert found == {"warnings": [], "errors": []}


def test_schema_is_valid_openapi(generation):
    schema, _found, _registered = generation
    validate_schema(schema)


def test_no_two_serializers_share_a_component_name(generation):
    _schema, _found, registered = generation
    shared = {key: names for key, names in registered.items() if len(names) > 1}
    assert shared == {}


def test_component_names_differ_beyond_letter_case(generation):
    schema, _found, _registered = generation
    seen: dict[str, str] = {}
    for name in schema["components"]["schemas"]:
        assert name.lower() not in seen, (name, seen.get(name.lower()))
        seen[name.lower()] = name


def test_operation_ids_are_unique(generation):
    schema, _found, _registered = generation
    ids = [operation["operationId"] for _path, _method, operation in _operations(schema)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_operation_documents_its_errors_with_the_shared_error_body(generation):
    schema, _found, _registered = generation
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        assert {"400", "403", "429"} <= set(responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        for status, response in responses.items():
            if status >= "400":
                body = response["content"]["application/json"]["schema"]
                assert body == error or "$ref" in body, (method, path, status)
