from pathlib import Path

import pytest

from planfile.format import read_plan_file
from planfile.services import import_plan
from plans.models import Plan

ISLINGTON_FILE = Path(__file__).resolve().parent.parent / "plans/data/challenging-inequalities.yaml"


@pytest.fixture
def islington_data() -> dict:
    return read_plan_file(ISLINGTON_FILE)


@pytest.fixture
def islington(db, islington_data: dict) -> Plan:
    """The shipped Islington plan, loaded as `make run` loads it."""
    return import_plan(data=islington_data).plan


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
