"""import_plan: the Islington plan loads whole and verbatim; bad files store nothing."""

import copy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from outcomes.models import Outcome
from planfile.format import PlanFileError, parse_plan_text
from planfile.services import import_plan
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from targets.models import Target
from tests.conftest import ISLINGTON_FILE

pytestmark = pytest.mark.django_db

# name: (actions, targets, outcomes), counted by hand from the strategy's text.
EXPECTED_COUNTS = {
    "Community wealth building": (5, 5, 5),
    "Environment and regeneration": (7, 6, 6),
    "Housing": (6, 5, 5),
    "Support for adults": (5, 5, 4),
    "Support for children, young people, and families": (5, 3, 4),
    "Public health": (4, 4, 4),
}


def test_islington_plan_has_every_area_in_the_plans_order(islington: Plan) -> None:
    names = list(islington.service_areas.order_by("position").values_list("name", flat=True))
    assert names == list(EXPECTED_COUNTS)


@pytest.mark.parametrize("area_name", list(EXPECTED_COUNTS))
def test_islington_counts_per_service_area(islington: Plan, area_name: str) -> None:
    area = islington.service_areas.get(name=area_name)
    counts = (area.actions.count(), area.targets.count(), area.outcomes.count())
    assert counts == EXPECTED_COUNTS[area_name]


def test_islington_totals_and_26_target_bullets(islington: Plan) -> None:
    assert Action.objects.count() == 32
    assert Outcome.objects.count() == 28
    bullets = set(Target.objects.values_list("service_area__slug", "bullet"))
    assert len(bullets) == 26
    assert Target.objects.count() == 28  # two bullets hold two dated commitments each


def test_housing_ambassadors_bullet_is_split_into_its_dated_commitments(islington: Plan) -> None:
    housing = islington.service_areas.get(slug="housing").targets.filter(bullet=1)
    assert [t.deadline_text for t in housing.order_by("position")] == ["By March 2021", "in 2021"]
    assert housing.first().text.startswith("By March 2021, 24 staff will have completed")


def test_text_is_verbatim(islington: Plan) -> None:
    action = Action.objects.get(ref="CWB-A1")
    assert action.aim == (
        "We want to enable and support more people from under-represented groups to start up "
        "businesses, survive and thrive."
    )
    assert action.commitment.startswith("We will develop a business support programme")
    target = Target.objects.get(ref="CWB-T1")
    assert target.text == (
        "Our entrepreneur network and training resources will be in place by summer 2021."
    )
    outcome = Outcome.objects.get(ref="CWB-O1")
    assert outcome.text.startswith("1,000 people will find new work through our Islington Working")
    assert "50% for those from a Black, Asian and Minority Ethnic backgrounds" in outcome.text


def test_encoding_faults_are_mended() -> None:
    text = ISLINGTON_FILE.read_text(encoding="utf-8")
    assert "aŽect" not in text and "\u00a0" not in text
    assert "don’t adversely affect" in text


def test_deadlines_resolve_on_import(islington: Plan) -> None:
    target = Target.objects.get(ref="CWB-T1")
    assert (target.deadline_text, str(target.due_date)) == ("by summer 2021", "2021-08-31")
    assert str(Target.objects.get(ref="ENV-T6").due_date) == "2021-10-16"  # set by hand in the file


def test_groups_are_tagged(islington: Plan) -> None:
    assert EqualityGroup.objects.get(slug="bame").parent.slug == "race"
    assert set(Action.objects.get(ref="CWB-A2").groups.values_list("slug", flat=True)) >= {"bame"}
    assert Target.objects.get(ref="CWB-T1").actions.filter(ref="CWB-A1").exists()


def _history_count() -> int:
    models = [EqualityGroup, Plan, ServiceArea, Action, Target, Outcome]
    return sum(model.history.count() for model in models)


def test_second_import_changes_nothing(islington_data: dict) -> None:
    import_plan(data=islington_data)
    history_before = _history_count()
    report = import_plan(data=islington_data)
    assert not report.changed_anything
    assert report.unchanged["target"] == 28
    assert _history_count() == history_before


def test_reimport_updates_a_changed_entry_and_keeps_progress(islington_data: dict) -> None:
    import_plan(data=islington_data)
    changed = copy.deepcopy(islington_data)
    changed["plan"]["service_areas"][0]["targets"][0]["deadline"] = "by autumn 2021"
    changed["plan"]["service_areas"][0]["targets"][0]["text"] = "Network in place by autumn 2021."
    report = import_plan(data=changed)
    assert report.updated["target"] == 1 and report.created["target"] == 0
    assert str(Target.objects.get(ref="CWB-T1").due_date) == "2021-11-30"


def _broken(islington_data: dict, edit) -> dict:
    data = copy.deepcopy(islington_data)
    edit(data)
    return data


def _cwb(data: dict) -> dict:
    return data["plan"]["service_areas"][0]


BROKEN_ENTRIES = {
    "unknown group": (
        lambda d: _cwb(d)["actions"][1]["groups"].append("martians"),
        "service_areas[1] (community-wealth-building) › actions[2] (CWB-A2) › groups: no "
        'equality group "martians"',
    ),
    "unknown action": (
        lambda d: _cwb(d)["targets"][0]["actions"].append("CWB-A99"),
        'targets[1] (CWB-T1) › actions: no action "CWB-A99" in this service area',
    ),
    "duplicate ref": (
        lambda d: _cwb(d)["outcomes"].append(dict(_cwb(d)["outcomes"][0])),
        'outcomes: ref "CWB-O1" is used 2 times',
    ),
    "unreadable deadline": (
        lambda d: _cwb(d)["targets"][2].update(deadline="by Smarch 2021"),
        "targets[3] (CWB-T3) › deadline:",
    ),
    "unknown owner": (
        lambda d: _cwb(d)["targets"][0].update(owner="nobody"),
        'targets[1] (CWB-T1) › owner: no active user "nobody"',
    ),
    "period backwards": (
        lambda d: d["plan"].update(period_end="2020-01-01"),
        "plan › period_end: the plan's period ends before it starts",
    ),
    "missing field": (
        lambda d: _cwb(d)["outcomes"][0].pop("text"),
        "outcomes[1] (CWB-O1): 'text' is missing",
    ),
    "unknown field": (
        lambda d: _cwb(d)["targets"][0].update(colour="red"),
        "targets[1] (CWB-T1): unknown field ('colour' was unexpected)",
    ),
    "bad date": (
        lambda d: d["plan"].update(period_start="2021-02-30"),
        "plan › period_start: '2021-02-30' is not a date (write YYYY-MM-DD)",
    ),
    "wrong type": (
        lambda d: _cwb(d)["targets"][0].update(bullet="first"),
        "targets[1] (CWB-T1) › bullet: 'first' is not of type 'integer'",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_ENTRIES))
def test_broken_entry_stores_nothing_and_names_entry_and_field(
    islington_data: dict, case: str
) -> None:
    edit, expected = BROKEN_ENTRIES[case]
    text = _dump(_broken(islington_data, edit))
    with pytest.raises(PlanFileError) as raised:
        import_plan(data=parse_plan_text(text))
    assert expected in str(raised.value)
    assert Plan.objects.count() == 0 and Target.objects.count() == 0
    assert EqualityGroup.objects.count() == 0


def test_broken_entry_in_a_reimport_leaves_the_previous_state(islington_data: dict) -> None:
    import_plan(data=islington_data)
    data = copy.deepcopy(islington_data)
    _cwb(data)["targets"][0]["text"] = "Changed."
    data["plan"]["service_areas"][5]["targets"][0]["deadline"] = "summer 20211"
    with pytest.raises(PlanFileError):
        import_plan(data=data)
    assert Target.objects.get(ref="CWB-T1").text.startswith("Our entrepreneur network")


def _dump(data: dict) -> str:
    from planfile.format import dump_plan

    return dump_plan(data)


BROKEN_FILES = {
    "not yaml": ("format: equality-plan/1\nplan: [unclosed\n", "Not valid YAML at line"),
    "not a mapping": ("- just\n- a list\n", "must be a mapping"),
    "wrong format": ("format: something-else\nplan: {}\n", "not a plan file of format"),
    "empty": ("", "must be a mapping"),
}


@pytest.mark.parametrize("case", list(BROKEN_FILES))
def test_command_refuses_a_file_that_is_not_a_plan_file(tmp_path: Path, case: str) -> None:
    text, expected = BROKEN_FILES[case]
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_plan", str(path))
    assert "nothing was stored" in str(raised.value)
    assert expected in str(raised.value)
    assert Plan.objects.count() == 0


def test_command_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No file at"):
        call_command("import_plan", str(tmp_path / "missing.yaml"))


def test_command_refuses_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("import_plan", str(path))


def test_command_reports_what_it_did() -> None:
    out = StringIO()
    call_command("import_plan", str(ISLINGTON_FILE), stdout=out)
    assert "targets: 28 created, 0 updated, 0 unchanged" in out.getvalue()
    out = StringIO()
    call_command("import_plan", str(ISLINGTON_FILE), stdout=out)
    assert "Already up to date" in out.getvalue()
    assert "targets: 0 created, 0 updated, 28 unchanged" in out.getvalue()


def test_each_entry_is_counted_once_whatever_changed_in_it(islington_data: dict) -> None:
    import_plan(data=islington_data)
    changed = copy.deepcopy(islington_data)
    targets = changed["plan"]["service_areas"][0]["targets"]
    targets[0]["text"] = "Text and links changed."
    targets[0]["groups"] = ["women"]
    targets[1]["groups"] = ["women"]  # links only
    targets[2]["deadline"] = "by winter 2021"  # deadline only
    report = import_plan(data=changed)
    assert (report.updated["target"], report.unchanged["target"]) == (3, 25)
    assert list(Target.objects.get(ref="CWB-T2").groups.values_list("slug", flat=True)) == ["women"]
