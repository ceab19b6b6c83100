"""The OpenAPI document: checked in (api/openapi.json) so that a change to the API shows in
review, served at a stable URL, and read by people on the documentation page."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator

from api.docs import SCHEMA_FILE, schema, schema_text
from tests.api.contract import document

pytestmark = pytest.mark.django_db


def test_the_checked_in_schema_is_the_apis() -> None:
    assert SCHEMA_FILE.read_text() == schema_text(), (
        "The API changed: run `make openapi` and commit api/openapi.json"
    )


def test_the_schema_is_served_at_a_stable_address() -> None:
    response = Client().get("/api/v1/schema.json")
    assert response.status_code == 200
    assert response.json() == json.loads(SCHEMA_FILE.read_text())


def test_every_schema_in_the_document_is_valid_json_schema() -> None:
    assert document()["openapi"].startswith("3.1")
    for spec in document()["components"]["schemas"].values():
        Draft202012Validator.check_schema(spec)  # raises, naming the fault


def test_errors_are_described_as_problem_documents() -> None:
    for path, methods in schema()["paths"].items():
        for method, operation in methods.items():
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (
                        f"{method} {path} {code}"
                    )


def test_the_docs_page_lists_every_operation_for_people_signed_in(client: Client, manager) -> None:
    assert client.get(reverse("api:docs")).status_code == 302
    client.force_login(manager)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    for path in schema()["paths"]:
        assert path in page
    assert "<script>" not in page and " style=" not in page  # the strict CSP allows neither
    assert "script-src 'self'" in response["Content-Security-Policy"]
