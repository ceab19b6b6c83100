"""A plan file far bigger than any council's: 10,000 targets, to time import_plan at its limit.

Made from the Islington file's equality groups, in the same format, with deadlines written the many
ways councils write them. Same arguments, same file.
"""

from pathlib import Path
from typing import Any

from planfile.format import FORMAT, dump_plan, read_plan_file

ISLINGTON_FILE = Path(__file__).resolve().parent.parent / "plans/data/challenging-inequalities.yaml"
DEADLINES = (
    "by March 2026",
    "by summer 2026",
    "by the end of 2026",
    "Q3 2027",
    "2027/28",
    "by autumn 2028",
    "throughout 2027",
    "Q1 2028/29",
    "early 2029",
    "31 March 2030",
    "annual",
    None,
)


def big_plan(*, targets: int = 10_000, areas: int = 10, actions_per_area: int = 50) -> dict:
    """The plan file's data: `targets` targets shared over `areas` service areas."""
    groups = read_plan_file(ISLINGTON_FILE)["equality_groups"]
    slugs = [group["slug"] for group in groups]
    per_area = targets // areas
    service_areas: list[dict[str, Any]] = []
    made = 0
    for a in range(areas):
        code = f"SA{a + 1}"
        count = per_area if a < areas - 1 else targets - made
        made += count
        service_areas.append(
            {
                "slug": f"service-area-{a + 1}",
                "name": f"Service area {a + 1}",
                "introduction": "A synthetic service area, for timing the import.",
                "actions": [
                    {
                        "ref": f"{code}-A{n}",
                        "aim": f"We want service area {a + 1} to be fairer ({n}).",
                        "commitment": f"To do this we will carry out commitment {n}.",
                        "groups": [slugs[(n + k) % len(slugs)] for k in range(2)],
                    }
                    for n in range(1, actions_per_area + 1)
                ],
                "targets": [
                    {
                        "ref": f"{code}-T{n}",
                        "bullet": n,
                        "text": f"Synthetic target {n} of service area {a + 1}.",
                        "deadline": DEADLINES[n % len(DEADLINES)],
                        "actions": [f"{code}-A{n % actions_per_area + 1}"],
                        "groups": [slugs[(n + k * 7) % len(slugs)] for k in range(1 + n % 3)],
                    }
                    for n in range(1, count + 1)
                ],
                "outcomes": [
                    {
                        "ref": f"{code}-O{n}",
                        "text": f"Synthetic outcome {n} of service area {a + 1}.",
                        "groups": [slugs[n % len(slugs)]],
                    }
                    for n in range(1, 4)
                ],
            }
        )
    return {
        "format": FORMAT,
        "equality_groups": groups,
        "plan": {
            "slug": f"bench-{targets}-targets",
            "title": f"A plan of {targets:,} targets (synthetic)",
            "council": "Benchmark Council",
            "period_start": "2025-04-01",
            "period_end": "2030-03-31",
            "introduction": "Made by the benchmark to time import_plan.",
            "service_areas": service_areas,
        },
    }


def write_big_plan(path: Path, *, targets: int = 10_000) -> Path:
    path.write_text(dump_plan(big_plan(targets=targets)), encoding="utf-8")
    return path
