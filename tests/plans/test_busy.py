import pytest
from django.db import OperationalError

from plans.busy import BUSY_MESSAGE, ServiceBusy, refused_when_busy


@pytest.mark.parametrize(
    "message", ["database is locked", "canceling statement due to lock timeout"]
)
def test_a_lock_timeout_becomes_service_busy(message: str) -> None:
    with pytest.raises(ServiceBusy, match="too busy to save"), refused_when_busy():
        raise OperationalError(message)
    assert str(ServiceBusy()) == BUSY_MESSAGE


def test_other_database_errors_are_not_hidden() -> None:
    with pytest.raises(OperationalError, match="no such table"), refused_when_busy():
        raise OperationalError("no such table: targets_target")
