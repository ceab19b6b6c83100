"""The OpenAPI schema as plain data for the documentation page: operations with their parameters
and bodies, and each schema's fields, with types in words ("list of TargetOut")."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from api.v1 import api

SCHEMA_FILE = Path(__file__).resolve().parent / "openapi.json"


def schema() -> dict:
    """The API's OpenAPI document as the code describes it now."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), default=str))


def schema_text() -> str:
    """The schema as api/openapi.json holds it: sorted keys, two-space indents, a final newline."""
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[Row] = field(default_factory=list)
    body: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Component:
    name: str
    description: str
    fields: list[Row]


@dataclass(frozen=True)
class Reference:
    title: str
    description: str
    version: str
    tags: list[tuple[str, list[Operation]]]
    components: list[Component]


def type_of(spec: dict | bool) -> str:
    """A schema's type in words."""
    if isinstance(spec, bool):  # JSON Schema's "anything" (an object of any values): true
        return "any"
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " or ".join(dict.fromkeys(type_of(s) for s in spec["anyOf"]))
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {type_of(spec.get('items', {}))}"
    if kind == "object" and "additionalProperties" in spec:
        return f"object of {type_of(spec['additionalProperties'])}"
    if kind == "string" and spec.get("format") in {"date", "date-time"}:
        return spec["format"]
    return {"null": "null", "integer": "whole number"}.get(kind, kind)


def reference() -> Reference:
    document = schema()
    tags: dict[str, list[Operation]] = {}
    for path, methods in document.get("paths", {}).items():
        for method, op in methods.items():
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=op.get("summary", ""),
                description=op.get("description", ""),
                anchor=op.get("operationId", f"{method}{path}"),
                parameters=[
                    Row(
                        f"{p['name']} ({p['in']})",
                        type_of(p.get("schema", {})),
                        p.get("required", False),
                        p.get("description", ""),
                    )
                    for p in op.get("parameters", [])
                ],
                responses=[
                    (
                        code,
                        type_of(r.get("content", {}).get("application/json", {}).get("schema", {})),
                    )
                    for code, r in op.get("responses", {}).items()
                ],
            )
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operation.body = type_of(body["schema"]) if body else ""
            tags.setdefault((op.get("tags") or ["API"])[0], []).append(operation)
    components = [
        Component(
            name,
            spec.get("description", ""),
            [
                Row(
                    key,
                    type_of(value),
                    key in spec.get("required", []),
                    value.get("description", ""),
                )
                for key, value in spec.get("properties", {}).items()
            ],
        )
        for name, spec in sorted(document.get("components", {}).get("schemas", {}).items())
    ]
    info = document.get("info", {})
    return Reference(
        title=info.get("title", ""),
        description=info.get("description", ""),
        version=info.get("version", ""),
        tags=list(tags.items()),
        components=components,
    )
