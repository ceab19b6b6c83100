"""The sizes of the fictional scale data (SCALES) and the names and words it draws on: every London
borough, its service areas, officers' names, progress commentary. The rows are made by
benchmarks/scale_data.py.
"""

from dataclasses import dataclass

from targets.status import ProgressStatus

BOROUGHS = (
    "Barking and Dagenham",
    "Barnet",
    "Bexley",
    "Brent",
    "Bromley",
    "Camden",
    "City of London",
    "Croydon",
    "Ealing",
    "Enfield",
    "Greenwich",
    "Hackney",
    "Hammersmith and Fulham",
    "Haringey",
    "Harrow",
    "Havering",
    "Hillingdon",
    "Hounslow",
    "Islington",
    "Kensington and Chelsea",
    "Kingston upon Thames",
    "Lambeth",
    "Lewisham",
    "Merton",
    "Newham",
    "Redbridge",
    "Richmond upon Thames",
    "Southwark",
    "Sutton",
    "Tower Hamlets",
    "Waltham Forest",
    "Wandsworth",
    "Westminster",
)
# slug, name, the prefix of its refs
AREAS = (
    ("community-wealth-building", "Community wealth building", "CWB"),
    ("housing", "Housing", "HSG"),
    ("environment", "Environment and climate", "ENV"),
    ("children", "Children, young people and families", "CYP"),
    ("adult-social-care", "Adult social care", "ASC"),
    ("workforce", "Resources and workforce", "RES"),
)
FIRST_NAMES = ("Amina", "Ben", "Chloe", "Dev", "Efua", "Femi", "Grace", "Hassan", "Iris", "Jon")
LAST_NAMES = (
    "Ahmed",
    "Brown",
    "Clarke",
    "Das",
    "Evans",
    "Fofana",
    "Green",
    "Hughes",
    "Ibe",
    "Jones",
)
COMMENTARY = {
    ProgressStatus.NOT_STARTED: "Synthetic data: work has not started yet.",
    ProgressStatus.ON_TRACK: "Synthetic data: work is progressing as planned.",
    ProgressStatus.AT_RISK: "Synthetic data: a funding gap puts the timetable at risk.",
    ProgressStatus.OFF_TRACK: "Synthetic data: delayed; a recovery plan is with the directorate.",
    ProgressStatus.COMPLETE: "Synthetic data: delivered and signed off.",
}


@dataclass(frozen=True)
class Scale:
    plans: int
    areas_per_plan: int
    targets: int
    actions: int
    updates_per_target: int
    outcomes_per_area: int
    indicators: int
    measurements_per_indicator: int
    officers: int
    managers: int


SCALES = {
    # Every London borough's plan (32 boroughs and the City), 20 updates on each target.
    "london": Scale(
        plans=33,
        areas_per_plan=6,
        targets=6600,
        actions=6000,
        updates_per_target=20,
        outcomes_per_area=3,
        indicators=1000,
        measurements_per_indicator=40,
        officers=300,
        managers=40,
    ),
    # Ten years of a council's plans, three times London: each borough's plan and the two before.
    "london-x3": Scale(
        plans=99,
        areas_per_plan=6,
        targets=19800,
        actions=18000,
        updates_per_target=20,
        outcomes_per_area=3,
        indicators=3000,
        measurements_per_indicator=40,
        officers=900,
        managers=120,
    ),
    # The same shapes, tiny: for the benchmark's smoke test in CI.
    "small": Scale(
        plans=2,
        areas_per_plan=2,
        targets=12,
        actions=8,
        updates_per_target=3,
        outcomes_per_area=1,
        indicators=4,
        measurements_per_indicator=3,
        officers=4,
        managers=2,
    ),
}
