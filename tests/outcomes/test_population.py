"""Population benchmarks, every group against them, and what reaches the public: with the shipped
Islington plan, Census figures and demo measurements (Pakistani people into work: 3 in all)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes.models import Breakdown, Indicator, Measurement, PopulationBenchmark
from outcomes.representation import representations
from plans.models import Plan
from tests.factories import senior_manager

AS_AT = dt.date(2022, 6, 30)


@pytest.fixture
def evidence(islington: Plan, settings) -> Plan:
    settings.DEBUG = True  # the demo loader refuses otherwise
    call_command("load_population", stdout=io.StringIO())
    call_command("load_demo_measurements", stdout=io.StringIO())
    islington.is_public = True
    islington.save()
    return islington


def test_islington_census_figures_are_loaded_with_their_sources(db):
    call_command("load_population", stdout=io.StringIO())
    ethnicity = PopulationBenchmark.objects.get(area_code="E09000019", dimension__slug="ethnicity")
    assert (ethnicity.table_code, ethnicity.total) == ("TS021", 216_550)
    assert ethnicity.census_date == dt.date(2021, 3, 21)
    assert "censusdata.uk" in ethnicity.source
    figures = {f.category.slug: f.count for f in ethnicity.figures.select_related("category")}
    assert figures["african"] == 18_065 and figures["white"] == 134_754
    assert "arab" not in figures  # not found in any source, so left out rather than guessed
    religion = PopulationBenchmark.objects.get(dimension__slug="religion")
    assert (religion.not_stated, religion.answered) == (16_828, 216_481 - 16_828)


def test_a_bad_population_file_stores_nothing_and_says_why(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "area_code,area_name,dimension,category,count,table_code,table_title,census_date,source\n"
        "E1,Somewhere,ethnicity,total,100,TS021,Ethnic group,2021-03-21,ONS\n"
        "E1,Somewhere,ethnicity,african,120,TS021,Ethnic group,2021-03-21,ONS\n"
        "E1,Somewhere,ethnicity,martian,5,TS021,Ethnic group,2021-03-21,ONS\n"
        "E1,Somewhere,sex,female,fifty,TS008,Sex,2021-03-21,ONS\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("load_population", str(bad))
    message = str(error.value)
    assert "nothing was stored" in message
    assert "“martian” is not a category of ethnicity" in message
    assert "Row 5: the count “fifty” is not a whole number" in message
    assert "more than the total" in message
    assert not PopulationBenchmark.objects.exists()


def test_another_councils_figures_replace_only_their_own(db, tmp_path):
    call_command("load_population", stdout=io.StringIO())
    other = tmp_path / "camden.csv"
    other.write_text(
        "area_code,area_name,dimension,category,count,table_code,table_title,census_date,source\n"
        "E09000007,Camden,sex,total,200,TS008,Sex,2021-03-21,ONS\n"
        "E09000007,Camden,sex,female,110,TS008,Sex,2021-03-21,ONS\n",
        encoding="utf-8",
    )
    call_command("load_population", str(other), stdout=io.StringIO())
    assert PopulationBenchmark.objects.filter(dimension__slug="sex").count() == 2
    assert PopulationBenchmark.objects.get(area_code="E09000019", dimension__slug="sex").total


def test_demo_measurements_are_marked_chosen_against_the_population_and_loaded_once(evidence):
    demo = Measurement.objects.filter(note__startswith="Demo data")
    assert demo.count() == 8
    call_command("load_demo_measurements", stdout=io.StringIO())
    assert demo.count() == 8
    assert Breakdown.objects.filter(
        indicator__ref="CWB-I1", population__area_code="E09000019"
    ).exists()


def test_demo_measurements_are_refused_without_debug(islington, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only loaded with DEBUG on"):
        call_command("load_demo_measurements")
    assert not Measurement.objects.exists()


def _rows(plan: Plan, ref: str) -> tuple:
    indicator = Indicator.objects.select_related("outcome__service_area__plan").get(ref=ref)
    (rep,) = representations([indicator], as_at=AS_AT)[indicator.pk]
    return rep, {row.category.slug: row for row in rep.rows}


def test_every_group_against_the_population(evidence):
    rep, rows = _rows(evidence, "CWB-I1")
    assert (rep.total, rep.recorded) == (1120, 1041)
    assert rows["pakistani"].count == 3
    chinese = rows["chinese"].comparison
    assert chinese.verdict == "below"  # 13 of 1,041 against 2.4% of Islington
    assert chinese.share_interval.high < chinese.population_share
    assert rows["african"].trend == "narrowing"
    assert rows["english-welsh-scottish-northern-irish-or-british"].comparison.ratio is None
    _, referrals = _rows(evidence, "ENV-I1")
    assert referrals["black"].comparison.verdict == "below"


def test_the_indicator_page_shows_real_figures_to_those_signed_in(evidence, client: Client):
    client.force_login(senior_manager())
    indicator = Indicator.objects.get(ref="CWB-I1")
    page = client.get(indicator.get_absolute_url(), {"as_at": AS_AT.isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    assert "CWB-I1 by ethnicity, against Islington’s population" in html
    assert "Suppressed" not in html
    assert "Gap narrowing" in html
    assert "Ethnicity: reported, to 31 March 2022" in html
    assert "Below its population share" in html


def _published(client: Client, plan: Plan, name: str) -> str:
    response = client.get(f"/public/{plan.slug}/{name}")
    assert response.status_code == 200
    return response.content.decode()


def test_small_counts_are_suppressed_on_the_public_page_and_files(evidence, client: Client):
    page = _published(client, evidence, "")
    assert "Suppressed" in page
    assert "too few people to show" in page
    rows = list(csv.DictReader(io.StringIO(_published(client, evidence, "population.csv"))))
    pakistani = next(
        r for r in rows if r["indicator_ref"] == "CWB-I1" and r["category"] == "Pakistani"
    )
    assert pakistani["suppressed"] == "true"
    assert pakistani["count"] == pakistani["share"] == pakistani["ratio"] == ""
    shown = [r for r in rows if r["suppressed"] == "false" and r["count"]]
    assert all(int(r["count"]) >= 5 or int(r["count"]) == 0 for r in shown)  # 0 is no one


def test_a_suppressed_count_cannot_be_recovered_from_the_published_files(evidence, client):
    """The attacker reads every published file and tries each way back to Pakistani people into
    work: the Asian group less its other categories, everyone recorded less every other category,
    and the total less the not recorded less the rest."""
    document = json.loads(_published(client, evidence, "population.json"))
    rows = [r for r in document["population"] if r["indicator_ref"] == "CWB-I1"]
    counts = {r["category"]: r["count"] for r in rows}
    assert counts["Pakistani"] is None
    asian = ["Bangladeshi", "Chinese", "Indian", "Pakistani", "Other Asian"]
    hidden_in_asian = [c for c in asian if counts[c] is None]
    assert len(hidden_in_asian) >= 2 or counts["Asian, Asian British or Asian Welsh"] is None
    recorded = {r["recorded_total"] for r in rows}
    leaves = [r["category"] for r in rows if r["level"] == "recorded"]
    hidden_leaves = [c for c in leaves if counts[c] is None]
    assert len(hidden_leaves) >= 2 or recorded == {None}
    # Whatever is hidden sums to at least one person, so no hidden count is pinned to 0.
    if None not in recorded:
        shown = sum(counts[c] for c in leaves if counts[c] is not None)
        assert recorded.pop() - shown > 0
    indicators = json.loads(_published(client, evidence, "indicators.json"))["indicators"]
    shares = next(i for i in indicators if i["indicator_ref"] == "CWB-I1")["shares"]
    assert all(s["part"] is None or s["part"] >= 5 for s in shares)


def test_the_equality_view_leads_with_a_summary_and_the_worst_gaps(evidence, client: Client):
    client.force_login(senior_manager())
    url = reverse("reports:equality", args=[evidence.slug])
    html = client.get(url, {"as_at": AS_AT.isoformat()}).content.decode()
    assert "Furthest below its population share" in html
    assert "ENV-I1</a>, Black, Black British" in html
    assert '<details class="govuk-details">' in html
    assert "Nothing in the plan" in html  # LGBTQ+ has no action, target or outcome


def test_representations_take_the_same_queries_for_one_indicator_or_all(evidence):
    one = list(Indicator.objects.filter(ref="CWB-I1").select_related("outcome__service_area__plan"))
    every = list(Indicator.objects.select_related("outcome__service_area__plan"))
    with CaptureQueriesContext(connection) as small:
        representations(one, as_at=AS_AT)
    with CaptureQueriesContext(connection) as large:
        representations(every, as_at=AS_AT)
    assert len(small) == len(large) <= 8


def test_the_equality_view_takes_the_same_queries_with_more_measurements(evidence, client):
    client.force_login(senior_manager())
    url = reverse("reports:equality", args=[evidence.slug])
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"as_at": AS_AT.isoformat()})
    indicator = Indicator.objects.get(ref="ENV-I1")
    Breakdown.objects.filter(indicator=indicator).update(population=None)
    call_command("load_population", stdout=io.StringIO())
    Breakdown.objects.filter(indicator=indicator).update(
        population=PopulationBenchmark.objects.get(dimension__slug="ethnicity")
    )
    Measurement.objects.create(
        indicator=indicator, period_end=dt.date(2021, 12, 31), value=2600, author=senior_manager()
    )
    with CaptureQueriesContext(connection) as after:
        client.get(url, {"as_at": AS_AT.isoformat()})
    assert len(before) == len(after)
