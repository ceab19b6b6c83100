"""Reading and writing the plan file format (YAML, described by plan-file.schema.json).

Everything that can be wrong with a file's shape is reported here, with the place in the file named
the way a person would look for it ("plan › service_areas[3] (housing) › targets[2] (HSG-T2) ›
deadline"), before any of it reaches the database.

A file is refused whole, before its shape is checked, when it is larger than PLAN_FILE_MAX_BYTES,
has more than MAX_ENTRIES entries and values, repeats a part of itself through YAML aliases (a
small file could otherwise stand for an enormous one), or holds text with a control character or
a direction override (plans/text.py).
"""

import json
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from plans.text import refused_character, size_in_words

SCHEMA_PATH = Path(__file__).with_name("plan-file.schema.json")
FORMAT = "equality-plan/1"
MAX_PROBLEMS_SHOWN = 10
# Entries and values in all: a borough's plan with ten years of history has about 100,000.
MAX_ENTRIES = 1_000_000


class PlanFileError(ValueError):
    """The file cannot be used; the message says where and why, one problem a line."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# libyaml's parser where PyYAML was built with it (three times faster on a big plan).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_SafeLoader):
    """Safe YAML that leaves dates as text, so the schema checks them and a bad one is named."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    """Writes long text as block scalars so the file stays readable and diffable, and every entry
    in full (no YAML aliases, which reading refuses)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


_ANNOTATIONS = frozenset({"description", "title", "$comment"})


def _inlined(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with each "#/$defs/..." reference replaced by what it names: the same checks,
    without resolving a reference for every entry (a third of the time for 10,000 targets)."""
    if isinstance(node, list):
        return [_inlined(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _inlined(value, defs) for key, value in node.items()}
    ref = node.get("$ref")
    if not (isinstance(ref, str) and ref.startswith("#/$defs/")):
        return node
    named = _inlined(defs[ref.removeprefix("#/$defs/")], defs)
    rest = {key: value for key, value in node.items() if key != "$ref"}
    if set(rest) <= _ANNOTATIONS:
        return {**named, **rest}
    return {**rest, "allOf": [named]}


@cache
def _validator() -> Draft202012Validator:
    whole = schema()
    return Draft202012Validator(
        _inlined(whole, whole.get("$defs", {})), format_checker=FormatChecker()
    )


def parse_plan_text(text: str) -> dict[str, Any]:
    """The file's data, checked against the schema; raises PlanFileError naming each problem."""
    _check_size(len(text.encode("utf-8", errors="surrogatepass")))
    try:
        data = yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - a SafeLoader subclass  # nosec B506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        raise PlanFileError([f"Not valid YAML at {where}: {error.problem}."]) from None
    except yaml.YAMLError as error:
        raise PlanFileError([f"Not valid YAML: {error}."]) from None
    if not isinstance(data, dict):
        raise PlanFileError(
            [f'The file must be a mapping with "format: {FORMAT}" and a "plan"; it is not.']
        )
    _check_entries(data)
    if data.get("format") != FORMAT:
        found = data.get("format")
        raise PlanFileError(
            [f'This is not a plan file of format "{FORMAT}" (its format: {found!r}).']
        )
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        problems = [f"{describe_location(data, e.absolute_path)}: {_explain(e)}" for e in errors]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            hidden = len(problems) - MAX_PROBLEMS_SHOWN
            problems = [*problems[:MAX_PROBLEMS_SHOWN], f"... and {hidden} more problems."]
        raise PlanFileError(problems)
    return data


def read_plan_file(path: Path) -> dict[str, Any]:
    try:
        _check_size(path.stat().st_size)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileError([f"No file at {path}."]) from None
    except IsADirectoryError:
        raise PlanFileError([f"{path} is a folder, not a plan file."]) from None
    except UnicodeDecodeError:
        raise PlanFileError([f"{path} is not UTF-8 text."]) from None
    return parse_plan_text(text)


def dump_plan(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,
    )


def plain_number(value: Decimal) -> int | float:
    """A figure as YAML writes it plainly: 1000, not 1000.00; 12.5 where it has a fraction."""
    return int(value) if value == value.to_integral_value() else float(value)


def describe_location(data: Any, path: Iterable[Any]) -> str:
    """A path into the file as a person reads it, naming entries by their ref or slug."""
    parts = []
    node = data
    for key in path:
        node = node[key] if node is not None else None
        if isinstance(key, int) and parts:
            label = _label(node) if isinstance(node, dict) else None
            parts[-1] += f"[{key + 1}]" + (f" ({label})" if label else "")
        else:
            parts.append(str(key))
    return " › ".join(parts) or "the file"


def _label(entry: dict) -> str | None:
    """What a person calls an entry: its ref or slug, or a breakdown's dimension, a share's
    category."""
    for key in ("ref", "slug", "dimension", "category"):
        if isinstance(entry.get(key), str):
            return entry[key]
    return None


def _explain(error: SchemaError) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field")
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "format" and error.validator_value == "date":
        return f"{error.instance!r} is not a date (write YYYY-MM-DD)"
    if error.validator == "pattern":
        return f"{error.instance!r} is not allowed here (letters, digits and hyphens only)"
    return error.message


def _check_size(size: int) -> None:
    limit = settings.PLAN_FILE_MAX_BYTES
    if size > limit:
        raise PlanFileError(
            [
                f"The file is larger than {size_in_words(limit)} (PLAN_FILE_MAX_BYTES); nothing "
                "was read."
            ]
        )


def _check_entries(data: dict[str, Any]) -> None:
    """Walks the whole file once: each part seen once (no aliases), not too many, text storable."""
    seen: set[int] = set()
    pending: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    count = 0
    while pending:
        node, path = pending.pop()
        count += 1
        if count > MAX_ENTRIES:
            raise PlanFileError([f"The file has more than {MAX_ENTRIES:,} entries and values."])
        if isinstance(node, dict | list):
            if id(node) in seen:
                raise PlanFileError(
                    [
                        f"{describe_location(data, path)}: this repeats another part of the file "
                        "through a YAML alias (*); write each entry out in full."
                    ]
                )
            seen.add(id(node))
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items:
                if isinstance(node, dict) and not isinstance(key, str):
                    raise PlanFileError(
                        [f"{describe_location(data, path)}: the name {key!r} must be text."]
                    )
                if isinstance(key, str) and (problem := refused_character(key)):
                    raise PlanFileError([f"{describe_location(data, path)}: {problem}."])
                pending.append((value, (*path, key)))
        elif isinstance(node, str) and (problem := refused_character(node)):
            raise PlanFileError([f"{describe_location(data, path)}: {problem}."])
