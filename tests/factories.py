"""Test data builders (factory-boy); each makes a valid object with as little as possible said."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from outcomes.models import Outcome
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from plans.roles import OFFICERS, PLAN_ADMINS, SENIOR_MANAGERS, SERVICE_LEADS
from targets.models import ProgressUpdate, Target

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.is_staff = extracted == PLAN_ADMINS
        if create:
            self.save()


def officer_of(*areas: ServiceArea, **kwargs: object):
    user = UserFactory(role=OFFICERS, **kwargs)
    for area in areas:
        area.members.add(user)
    return user


def service_lead_of(*areas: ServiceArea, **kwargs: object):
    user = UserFactory(role=SERVICE_LEADS, **kwargs)
    for area in areas:
        area.leads.add(user)
    return user


def senior_manager(**kwargs: object):
    return UserFactory(role=SENIOR_MANAGERS, **kwargs)


def plan_admin(**kwargs: object):
    return UserFactory(role=PLAN_ADMINS, **kwargs)


class EqualityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EqualityGroup
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")
    category = EqualityGroup.Category.PROTECTED


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Plan {n}")
    council = "Islington Council"
    period_start = dt.date(2021, 1, 1)
    period_end = dt.date(2022, 3, 31)


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    plan = factory.SubFactory(PlanFactory)
    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Service area {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    service_area = factory.SubFactory(ServiceAreaFactory)
    ref = factory.Sequence(lambda n: f"A{n}")
    aim = "We want things to be fairer."
    commitment = "To do this we will act."


class TargetFactory(factory.django.DjangoModelFactory):
    """A target whose deadline is resolved the way the app resolves it (set_deadline)."""

    class Meta:
        model = Target

    service_area = factory.SubFactory(ServiceAreaFactory)
    ref = factory.Sequence(lambda n: f"T{n}")
    deadline_text = "by summer 2021"
    text = factory.LazyAttribute(lambda t: f"We will do something {t.deadline_text}.")

    @classmethod
    def _create(cls, model_class: type[Target], *args: object, **kwargs: object) -> Target:
        target = model_class(**kwargs)
        target.set_deadline(target.deadline_text, due_date=kwargs.get("due_date"))
        target.save()
        return target


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    service_area = factory.SubFactory(ServiceAreaFactory)
    ref = factory.Sequence(lambda n: f"O{n}")
    text = "More people in work."


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    target = factory.SubFactory(TargetFactory)
    author = factory.SubFactory(UserFactory)
    status = "on_track"
    commentary = "Going well."
