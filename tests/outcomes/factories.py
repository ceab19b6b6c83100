"""Builders for indicators, their breakdowns and measurements (factory-boy), on top of
tests.factories. The standard dimensions (ethnicity, ...) are always there: migrate seeds them."""

import datetime as dt
from decimal import Decimal

import factory

from outcomes.models import (
    Breakdown,
    BreakdownTarget,
    BreakdownValue,
    Category,
    Dimension,
    Indicator,
    Measurement,
    OutcomeUpdate,
)
from tests.factories import OutcomeFactory, UserFactory


def dimension(slug: str) -> Dimension:
    return Dimension.objects.get(slug=slug)


def category(dimension_slug: str, slug: str) -> Category:
    return Category.objects.get(dimension__slug=dimension_slug, slug=slug)


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A count towards 1,000 by the end of 2021, its date resolved as the app resolves it."""

    class Meta:
        model = Indicator

    outcome = factory.SubFactory(OutcomeFactory)
    ref = factory.Sequence(lambda n: f"I{n}")
    name = "People into work"
    unit = "count"
    direction = "increase"
    accumulation = "cumulative"
    target_value = Decimal(1000)
    deadline_text = "by the end of 2021"

    @classmethod
    def _create(cls, model_class: type[Indicator], *args: object, **kwargs: object) -> Indicator:
        indicator = model_class(**kwargs)
        plan_start = indicator.outcome.service_area.plan.period_start
        indicator.set_deadline(indicator.deadline_text, plan_start=plan_start)
        indicator.full_clean()
        indicator.save()
        return indicator


class BreakdownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Breakdown

    indicator = factory.SubFactory(IndicatorFactory)
    dimension = factory.LazyFunction(lambda: dimension("ethnicity"))


class BreakdownTargetFactory(factory.django.DjangoModelFactory):
    """By default: 50% of the total should be Black, Asian and Minority Ethnic."""

    class Meta:
        model = BreakdownTarget

    breakdown = factory.SubFactory(BreakdownFactory)
    category = factory.LazyFunction(lambda: category("ethnicity", "bame"))
    kind = "target"
    share = Decimal(50)


def ethnicity_indicator(**kwargs: object) -> Indicator:
    """A count with an ethnicity breakdown and a 50% BAME target share."""
    indicator = IndicatorFactory(**kwargs)
    BreakdownTargetFactory(breakdown=BreakdownFactory(indicator=indicator))
    return indicator


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period_end = dt.date(2021, 3, 31)
    value = Decimal(100)
    author = factory.SubFactory(UserFactory)


def measure(
    indicator: Indicator, period_end: str, value: int, author: object = None, **parts: int
) -> Measurement:
    """A measurement with ethnicity parts given as category slug (underscores for hyphens)."""
    measurement = MeasurementFactory(
        indicator=indicator,
        period_end=dt.date.fromisoformat(period_end),
        value=Decimal(value),
        **({"author": author} if author else {}),
    )
    for slug, part in parts.items():
        BreakdownValue.objects.create(
            measurement=measurement,
            category=category("ethnicity", slug.replace("_", "-")),
            value=Decimal(part),
        )
    return measurement


class OutcomeUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeUpdate

    outcome = factory.SubFactory(OutcomeFactory)
    author = factory.SubFactory(UserFactory)
    rag = "green"
    commentary = "Good progress."
