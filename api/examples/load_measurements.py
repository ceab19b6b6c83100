"""Load a month of measurements from a CSV file into the Equality Tracker, all or nothing.

    EQUALITY_TRACKER_TOKEN=iet_… python load_measurements.py https://equality.example.gov.uk m.csv

The CSV has a row for each indicator's figure: `indicator` (its reference, e.g. CWB-I1),
`period_end` (YYYY-MM-DD), `value`, and optionally `corrects` (yes for a correction), `note` (its
reason) and a column for each breakdown figure, named dimension:category (ethnicity:african).
Blank cells are left out. Only the Python standard library is needed.
"""

import csv
import json
import os
import sys
import urllib.error
import urllib.request

FIXED = {"indicator", "period_end", "value", "corrects", "note"}


def call(base: str, token: str, path: str, body: object = None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the council's own https address
        base.rstrip("/") + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310  # nosec B310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:  # a problem document (RFC 9457)
        return error.code, json.load(error)


def indicator_ids(base: str, token: str) -> dict[str, int]:
    """Every indicator's reference and id, following the pages of the list."""
    ids, page = {}, 1
    while True:
        status, body = call(base, token, f"/api/v1/indicators?page={page}&page_size=200")
        if status != 200:
            sys.exit(f"Could not list the indicators: {body.get('detail')}")
        ids |= {row["ref"]: row["id"] for row in body["results"]}
        if not body["next"]:
            return ids
        page += 1


def measurements(rows: list[dict[str, str]], ids: dict[str, int]) -> list[dict]:
    found = []
    for row in rows:
        if row["indicator"] not in ids:
            sys.exit(f"No indicator has the reference {row['indicator']!r}.")
        parts: dict[str, dict[str, str]] = {}
        for column, cell in row.items():
            if column not in FIXED and ":" in column and cell.strip():
                dimension, category = column.split(":", 1)
                parts.setdefault(dimension, {})[category] = cell.strip()
        found.append(
            {
                "indicator": ids[row["indicator"]],
                "period_end": row["period_end"],
                "value": row["value"],
                "parts": parts,
                "corrects": row.get("corrects", "").strip().lower() == "yes",
                "note": row.get("note", ""),
            }
        )
    return found


def main(base: str, file_name: str) -> int:
    token = os.environ["EQUALITY_TRACKER_TOKEN"]
    with open(file_name, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    batch = measurements(rows, indicator_ids(base, token))
    status, body = call(base, token, "/api/v1/measurements", {"measurements": batch})
    if status == 201:
        print(f"Stored {len(body['measurements'])} measurements.")
        return 0
    print(f"Nothing was stored: {body['detail']}", file=sys.stderr)
    for error in body.get("errors", []):
        # "/measurements/0/value" is the file's row 2 (after the headings), column value.
        _, _, index, *field = error["field"].split("/")
        where = f"row {int(index) + 2}, {'/'.join(field)}" if index.isdigit() else error["field"]
        print(f"  {where}: {error['message']}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
