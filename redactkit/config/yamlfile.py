"""Configuration files read once, checked against a schema, with errors that name file, key and line.

Rules, policies and case lists are YAML files a disclosure officer edits by hand. A misspelt key
must not fall back silently to a default written in code, so each file is checked against its
JSON Schema (``schemas/``) when it is loaded: an unknown key, a missing one or a value of the
wrong kind is a ConfigError such as ``police-to-cps.yaml:14: roles.officer.PERSON.reason: ...``.
PyYAML's composer gives every node its line; jsonschema gives the path of the offending value.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from redactkit.core.errors import ConfigError

Lines = dict[tuple, int]


def _lines(node: yaml.Node, path: tuple, found: Lines) -> None:
    found[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found[path + (key.value,)] = key.start_mark.line + 1
            _lines(value, path + (key.value,), found)
            found[path + (key.value,)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, path + (index,), found)


def read_yaml(path: Path, what: str = "configuration file") -> tuple[object, Lines]:
    """The file's data, and the line of every key and item in it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} not found", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} ({exc.strerror})", path=str(path)) from None
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"not valid YAML ({problem})", path=where) from None
    lines: Lines = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads(resources.files("redactkit.config").joinpath("schemas", f"{name}.schema.json")
                      .read_text(encoding="utf-8"))


def _line(lines: Lines, path: tuple) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def _specific(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """Inside a oneOf/anyOf (a rule is 'keep' or a mapping), the error of the branch that was
    meant: the deepest one, an unknown key before a wrong type."""
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator == "additionalProperties",
                                                  e.validator not in ("type", "enum")))
    return error


def describe(errors) -> tuple[tuple, str] | None:
    """The one schema error to report, as (path of the value, message); unknown keys by name."""
    errors = list(errors)
    if not errors:
        return None
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    error = _specific(unknown[0] if unknown else jsonschema.exceptions.best_match(errors))
    where, message = tuple(error.absolute_path), error.message
    if error.validator == "additionalProperties":  # name the unknown key itself, at its own line
        allowed = error.schema.get("properties", {})
        extra = [k for k in error.instance if k not in allowed]
        if extra:
            where, message = where + (extra[0],), f"unknown key {extra[0]!r}"
            if allowed:
                message += f" (allowed here: {', '.join(sorted(allowed))})"
    elif "propertyNames" in error.relative_schema_path:  # the key itself is wrong
        where = where + (error.instance,)
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        message = f"needs {missing[0]!r}" if missing else message
    elif error.validator == "enum":
        message = f"must be one of {', '.join(map(str, error.validator_value))}, not {error.instance!r}"
    return where, message[:300]


def check(data: object, name: str, path: Path, lines: Lines) -> None:
    """Raise ConfigError for the first thing in data that its schema does not allow."""
    found = describe(jsonschema.Draft202012Validator(schema(name)).iter_errors(data))
    if found is None:
        return
    where, message = found
    key = ".".join(str(p) for p in where) or "top level"
    line = _line(lines, where)
    raise ConfigError(f"{key}: {message}", path=f"{path}:{line}" if line else str(path))


def load(path: Path, name: str, what: str) -> object:
    """Read a YAML file and check it against schemas/<name>.schema.json."""
    data, lines = read_yaml(path, what)
    check(data, name, Path(path), lines)
    return data
