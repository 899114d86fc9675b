"""The published OpenAPI schema names each model once and documents the error answers."""

import json
import typing
from collections import defaultdict

import pydantic
import pytest
from ninja.openapi.schema import OpenAPISchema

from mostovi.core.api import api

METHODS = {"get", "put", "post", "patch", "delete"}


def _models_in(annotation, found: set) -> None:
    """Every pydantic model an annotation names, through lists, unions and nested fields."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models_in(argument, found)


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_no_two_schema_classes_of_the_api_share_a_name():
    found: set = set()
    for operation in _operations():
        for model in (operation.response_models or {}).values():
            _models_in(model, found)
        for model in operation.models:
            _models_in(model, found)
    by_name = defaultdict(set)
    for model in found:
        if model.__name__ != "NinjaResponseSchema":  # ninja's wrapper, never published
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1} == {}


def test_schema_generation_never_publishes_two_definitions_under_one_name(monkeypatch):
    seen = defaultdict(list)
    original = OpenAPISchema.add_schema_definitions

    def record(self, definitions):
        for name, definition in definitions.items():
            if definition not in seen[name]:
                seen[name].append(definition)
        return original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", record)
    api.get_openapi_schema()
    assert sorted(name for name, definitions in seen.items() if len(definitions) > 1) == []


def test_every_reference_of_the_schema_resolves():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    prefix = "#/components/schemas/"
    assert all(ref.startswith(prefix) for ref in refs)
    assert (
        sorted(ref.removeprefix(prefix) for ref in refs if ref.removeprefix(prefix) not in components) == []
    )


@pytest.mark.parametrize(
    ("component", "field", "expected"),
    [
        # GET /projects, GET and PATCH /projects/{id}: the project's partners and its programme's actions.
        ("ProjectItemOut", "partners", {"authority_id", "is_lead"}),
        ("ProjectOut", "partners", {"authority_id", "is_lead"}),
        ("ProgrammeOut", "actions", {"title", "partner_id", "expected_results"}),
        # GET /funding/instruments/{id}: the instrument's sources.
        ("InstrumentDetailOut", "sources", {"url", "title"}),
    ],
)
def test_nested_models_are_the_ones_the_operation_answers(component, field, expected):
    components = api.get_openapi_schema()["components"]["schemas"]
    ref = components[component]["properties"][field]["items"]["$ref"]
    item = components[ref.removeprefix("#/components/schemas/")]
    assert expected <= set(item["properties"])


def _published():
    """The schema as clients read it (JSON: status codes are strings)."""
    return json.loads(json.dumps(api.get_openapi_schema()))


def _operation_items():
    schema = _published()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_every_operation_with_input_documents_the_422_shape():
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in _operation_items()
        if (operation.get("parameters") or operation.get("requestBody"))
        and operation["responses"].get("422", {}).get("content", {}).get("application/json", {}).get("schema")
        != {"$ref": "#/components/schemas/InvalidOut"}
    ]
    assert missing == []


def test_the_422_shape_is_detail_and_errors():
    invalid = _published()["components"]["schemas"]["InvalidOut"]
    assert invalid["required"] == ["detail"]
    assert set(invalid["properties"]) == {"detail", "errors"}


def test_every_operation_documents_400_and_every_authenticated_one_401():
    missing = []
    for path, method, operation in _operation_items():
        responses = operation["responses"]
        if "400" not in responses:
            missing.append(f"400 {method.upper()} {path}")
        if operation.get("security") and "401" not in responses:
            missing.append(f"401 {method.upper()} {path}")
    assert missing == []
