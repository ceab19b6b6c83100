"""Owners and managers with targets whose reminders are known by hand, as at late September 2021."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AbstractUser

from reminders.models import ReminderPreference
from tests.factories import (
    PlanFactory,
    ProgressUpdateFactory,
    ServiceAreaFactory,
    TargetFactory,
    UserFactory,
    senior_manager,
)

LONDON = ZoneInfo("Europe/London")
MONDAY, TUESDAY = dt.date(2021, 9, 27), dt.date(2021, 9, 28)


@dataclass
class People:
    olu: AbstractUser
    bea: AbstractUser
    carl: AbstractUser  # inactive
    dee: AbstractUser  # no email address
    eve: AbstractUser  # has turned reminders off
    maria: AbstractUser  # senior manager
    former: AbstractUser  # senior manager, inactive


def updated(target, day: str, status: str) -> None:
    made_at = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), tzinfo=LONDON)
    ProgressUpdateFactory(target=target, status=status, made_at=made_at)


@pytest.fixture
def people(db) -> People:
    plan = PlanFactory(title="Challenging Inequalities")
    area = ServiceAreaFactory(plan=plan, name="Housing")

    def user(name: str, **kwargs: object) -> AbstractUser:
        return UserFactory(username=name.lower(), first_name=name, last_name="Tester", **kwargs)

    people = People(
        olu=user("Olu"),
        bea=user("Bea"),
        carl=user("Carl", is_active=False),
        dee=user("Dee", email=""),
        eve=user("Eve"),
        maria=senior_manager(username="maria", first_name="Maria", last_name="Manager"),
        former=senior_manager(
            username="former", first_name="Fred", last_name="Former", is_active=False
        ),
    )
    ReminderPreference.objects.create(user=people.eve, wants_reminders=False)

    def target(ref: str, deadline: str, owner: AbstractUser | None) -> object:
        return TargetFactory(
            service_area=area, ref=ref, text=f"{ref} text", deadline_text=deadline, owner=owner
        )

    target("OLU-T1", "5 October 2021", people.olu)  # due soon
    target("OLU-T2", "by summer 2021", people.olu)  # overdue since 31 August
    updated(target("OLU-T3", "10 October 2021", people.olu), "2021-09-20", "on_track")  # silenced
    target("OLU-T4", "by the end of 2021", people.olu)  # not due for months
    updated(target("OLU-T5", "by summer 2021", people.olu), "2021-08-20", "complete")
    target("BEA-T1", "1 October 2021", people.bea)  # due soon
    target("BEA-T2", "24 September 2021", people.bea)  # turned red on 25 September: overdue
    # Reported off track on 22 September: red since, but silenced by that update.
    updated(target("BEA-T3", "by the end of 2021", people.bea), "2021-09-22", "off_track")
    target("CARL-T1", "1 October 2021", people.carl)
    target("DEE-T1", "1 October 2021", people.dee)
    target("EVE-T1", "1 October 2021", people.eve)
    target("NOBODY-T1", "1 October 2021", None)
    return people
