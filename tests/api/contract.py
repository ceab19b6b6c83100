"""The contract: every API response the tests produce must match what api/openapi.json says of
that operation and status (its body validated by jsonschema against the document's components).
"""

import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "openapi.json"
CHECKED: set[tuple[str, str, int]] = set()  # (method, path template, status) seen by the tests


@cache
def document() -> dict:
    return json.loads(SCHEMA_FILE.read_text())


@cache
def _templates() -> list[tuple[re.Pattern, str]]:
    return [
        (re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", path) + "$"), path)
        for path in document()["paths"]
    ]


def operation_for(method: str, path: str) -> tuple[str, dict] | None:
    path = path.split("?", 1)[0]
    for pattern, template in _templates():
        if pattern.match(path):
            return template, document()["paths"][template].get(method.lower(), {})
    return None


def check_response(method: str, path: str, response) -> None:
    """Fail unless the response's status and body are ones the schema describes."""
    found = operation_for(method, path)
    if found is None:
        return  # not an API operation (the docs page, a token page)
    template, operation = found
    status = str(response.status_code)
    assert status in operation.get("responses", {}), (
        f"{method.upper()} {template} answered {status}, which the schema does not list"
    )
    content = operation["responses"][status].get("content", {})
    media_type = response["Content-Type"].split(";")[0]
    assert media_type in content, f"{method.upper()} {template} {status}: {media_type} not listed"
    # The response's schema with the document's components beside it, for its $refs.
    schema = {**content[media_type]["schema"], "components": document()["components"]}
    validator = Draft202012Validator(schema)
    body = json.loads(response.content)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    assert not errors, (
        f"{method.upper()} {template} {status}: {errors[0].message} at {list(errors[0].path)}"
    )
    CHECKED.add((method.lower(), template, response.status_code))
