"""check_plan: a plan file's data and what the database knows in, problems out (no database)."""

from typing import Any

from planfile.checks import Known, check_plan

KNOWN = Known(
    users=frozenset({"o.adeyemi"}),
    groups=frozenset({"disability"}),
    categories={"ethnicity": frozenset({"bame", "white-british"})},
)


def _plan(**area: Any) -> dict[str, Any]:
    return {
        "format": "equality-plan/1",
        "equality_groups": [{"slug": "race", "name": "Race", "category": "protected"}],
        "plan": {
            "slug": "fair-futures",
            "title": "Fair futures",
            "council": "Islington Council",
            "period_start": "2021-01-01",
            "period_end": "2022-12-31",
            "service_areas": [{"slug": "housing", "name": "Housing", **area}],
        },
    }


def _indicator(**changes: Any) -> dict[str, Any]:
    return {
        "ref": "HSG-I1",
        "name": "People housed",
        "unit": "count",
        "direction": "increase",
        "accumulation": "cumulative",
        "target_value": 100,
        "deadline": "by March 2022",
    } | changes


def test_a_plan_naming_only_what_is_known_has_no_problems() -> None:
    data = _plan(
        actions=[{"ref": "HSG-A1", "commitment": "Build.", "lead_officer": "o.adeyemi"}],
        targets=[
            {
                "ref": "HSG-T1",
                "text": "Houses.",
                "deadline": "by summer 2021",
                "actions": ["HSG-A1"],
                "groups": ["race", "disability"],
            }
        ],
        outcomes=[
            {
                "ref": "HSG-O1",
                "text": "Housed.",
                "indicators": [
                    _indicator(
                        breakdowns=[
                            {
                                "dimension": "ethnicity",
                                "shares": [{"category": "bame", "kind": "target", "share": 50}],
                            }
                        ]
                    )
                ],
            }
        ],
    )
    assert check_plan(data, KNOWN) == []


def test_unknown_names_are_problems_each_with_its_place() -> None:
    data = _plan(
        targets=[
            {
                "ref": "HSG-T1",
                "text": "Houses.",
                "deadline": "by Smarch 2021",
                "owner": "nobody",
                "actions": ["HSG-A9"],
                "groups": ["martians"],
            }
        ],
        outcomes=[
            {
                "ref": "HSG-O1",
                "text": "Housed.",
                "indicators": [_indicator(breakdowns=[{"dimension": "star-sign", "shares": []}])],
            }
        ],
    )
    problems = check_plan(data, KNOWN)
    where = "plan › service_areas[1] (housing) › "
    assert problems == [
        f'{where}targets[1] (HSG-T1) › groups: no equality group "martians"',
        f'{where}targets[1] (HSG-T1) › owner: no active user "nobody"',
        problems[2],
        f'{where}targets[1] (HSG-T1) › actions: no action "HSG-A9" in this service area',
        f"{where}outcomes[1] (HSG-O1) › indicators[1] (HSG-I1) › breakdowns[1] (star-sign) › "
        'dimension: no dimension "star-sign" (known: ethnicity)',
    ]
    assert problems[2].startswith(f"{where}targets[1] (HSG-T1) › deadline: ")


def test_a_due_date_given_by_hand_stands_for_an_unreadable_deadline() -> None:
    target = {
        "ref": "HSG-T1",
        "text": "Houses.",
        "deadline": "when ready",
        "due_date": "2021-06-30",
    }
    assert check_plan(_plan(targets=[target]), KNOWN) == []


def test_indicator_settings_are_checked_together() -> None:
    outcome = {
        "ref": "HSG-O1",
        "text": "Housed.",
        "indicators": [_indicator(target_value=10.125, deadline="annual")],
    }
    problems = check_plan(_plan(outcomes=[outcome]), KNOWN)
    assert any(
        p.endswith("› deadline: 'annual' recurs; an indicator's target needs one date")
        for p in problems
    )
    assert any("target_value: 10.125 has more than two decimal places" in p for p in problems)
