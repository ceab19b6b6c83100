"""The plan file reader on any text (Hypothesis): a plan's data or a PlanFileError naming the
problem, never another exception; what is written is read back as written; limits refuse a file
whole before its shape is checked."""

import copy
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planfile.format import PlanFileError, dump_plan, parse_plan_text, read_plan_file
from plans.models import Plan
from plans.text import refused_character

ISLINGTON = Path(__file__).resolve().parents[2] / "plans/data/challenging-inequalities.yaml"


@pytest.fixture(scope="module")
def islington() -> dict:
    return read_plan_file(ISLINGTON)


@given(st.text())
def test_any_text_gives_a_plan_or_a_plan_file_error(text: str) -> None:
    try:
        data = parse_plan_text(text)
    except PlanFileError as error:
        assert error.problems and all(problem for problem in error.problems)
    else:
        assert isinstance(data, dict)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(yaml_values)
def test_any_yaml_under_the_format_gives_a_plan_or_a_plan_file_error(value: object) -> None:
    text = yaml.safe_dump({"format": "equality-plan/1", "plan": value}, allow_unicode=True)
    try:
        parse_plan_text(text)
    except PlanFileError as error:
        assert error.problems


storable = st.text(min_size=1, max_size=300).filter(
    lambda t: refused_character(t) is None and t.strip() == t and t.strip()
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(storable, storable)
def test_text_written_to_a_plan_file_is_read_back_as_written(
    islington: dict, target_text: str, aim: str
) -> None:
    data = copy.deepcopy(islington)
    area = data["plan"]["service_areas"][0]
    area["targets"][0]["text"] = target_text
    area["actions"][0]["aim"] = aim
    assert parse_plan_text(dump_plan(data)) == data


def test_the_shipped_plan_reads_back_as_written(islington: dict) -> None:
    assert parse_plan_text(dump_plan(islington)) == islington


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, settings
) -> None:
    settings.PLAN_FILE_MAX_BYTES = 1_000
    path = tmp_path / "big.yaml"
    path.write_text("format: equality-plan/1\n" + "# padding\n" * 200, encoding="utf-8")
    with pytest.raises(PlanFileError, match=r"larger than 1 KB \(PLAN_FILE_MAX_BYTES\)"):
        read_plan_file(path)
    with pytest.raises(PlanFileError, match="larger than 1 KB"):
        parse_plan_text(path.read_text())


def test_a_file_that_repeats_itself_through_aliases_is_refused() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    with pytest.raises(PlanFileError, match="repeats another part of the file"):
        parse_plan_text("format: equality-plan/1\n" + laughs)


@pytest.mark.parametrize("hidden", ["\\0", "\\u202e", "\\e"])
def test_text_with_a_control_or_direction_character_is_refused_with_its_place(
    islington: dict, hidden: str
) -> None:
    text = dump_plan(islington).replace("title: ", f'title: "Challenging{hidden}" #', 1)
    with pytest.raises(PlanFileError, match=r"plan › title: character 12 is a"):
        parse_plan_text(text)


def test_a_name_that_is_not_text_is_refused() -> None:
    with pytest.raises(PlanFileError, match="the name 1 must be text"):
        parse_plan_text("format: equality-plan/1\nplan:\n  1: x\n")


def test_a_file_with_more_entries_than_the_limit_is_refused(
    islington: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planfile.format.MAX_ENTRIES", 100)
    with pytest.raises(PlanFileError, match="more than 100 entries and values"):
        parse_plan_text(dump_plan(islington))


def test_the_import_command_refuses_a_file_larger_than_the_limit(
    tmp_path: Path, settings, db
) -> None:
    settings.PLAN_FILE_MAX_BYTES = 1_000
    path = tmp_path / "big.yaml"
    path.write_text(ISLINGTON.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path))
    assert "was not loaded; nothing was stored" in str(refused.value)
    assert "The file is larger than 1 KB (PLAN_FILE_MAX_BYTES)" in str(refused.value)
    assert not Plan.objects.exists()
