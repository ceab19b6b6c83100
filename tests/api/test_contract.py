"""The contract check itself: a response the schema does not describe fails it."""

import json

import pytest
from django.http import HttpResponse

from tests.api.contract import check_response

pytestmark = pytest.mark.django_db


def _json(body: str, status: int = 200, kind: str = "application/json") -> HttpResponse:
    return HttpResponse(body, status=status, content_type=kind)


def test_a_body_missing_a_field_fails_the_contract() -> None:
    with pytest.raises(AssertionError, match="required property"):
        check_response("get", "/api/v1/plans/1", _json('{"id": 1}'))


def test_a_status_the_schema_does_not_list_fails_the_contract() -> None:
    with pytest.raises(AssertionError, match="does not list"):
        check_response("get", "/api/v1/plans", _json("{}", status=418))


def test_an_error_not_sent_as_a_problem_document_fails_the_contract() -> None:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "x",
            "status": 404,
            "detail": "",
            "instance": "",
            "errors": [],
        }
    )
    with pytest.raises(AssertionError, match="not listed"):
        check_response("get", "/api/v1/plans/1", _json(body, status=404))
    check_response("get", "/api/v1/plans/1", _json(body, 404, "application/problem+json"))
