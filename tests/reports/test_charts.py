"""The dashboard's status-over-time chart (reports/charts.py) and the quarters it covers."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from plans.rag import RAG
from reports.charts import MIN_LABELLED, status_history_chart
from reports.rollups import StatusCounts
from tests.factories import ServiceAreaFactory, TargetFactory, senior_manager


def counts(**by_status: int) -> StatusCounts:
    found = dict.fromkeys(RAG, 0)
    found.update({RAG(name): number for name, number in by_status.items()})
    return StatusCounts(found)


def test_each_segment_tall_enough_carries_its_count_and_each_column_its_quarter() -> None:
    history = [
        (dt.date(2021, 6, 30), counts(complete=1, red=19)),
        (dt.date(2021, 9, 30), counts(complete=5, red=5)),
    ]
    chart = status_history_chart(history)
    assert [column.label for column in chart.columns] == ["Jun 2021", "Sep 2021"]
    first = chart.columns[0].segments
    assert [(s.rag, s.count) for s in first] == [(RAG.COMPLETE, 1), (RAG.RED, 19)]
    assert first[0].height < MIN_LABELLED and first[0].label_y is None  # 1 of 20: in the table
    assert first[1].label_y is not None
    assert all(s.label_y is not None for s in chart.columns[1].segments)


@pytest.mark.django_db
def test_status_over_time_includes_the_as_at_quarter_itself(client: Client) -> None:
    area = ServiceAreaFactory()
    TargetFactory(service_area=area)
    client.force_login(senior_manager())
    html = client.get(reverse("home"), {"plan": area.plan.slug, "as_at": "2021-09-30"})
    html = html.content.decode()
    history = html[html.index("Targets by status at each quarter end") :]
    assert "30 September 2021" in history and "31 March 2021" in history
    assert "31 December 2021" not in history
