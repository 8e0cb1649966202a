"""Typer's coercion of command-line values, without pydantic where it would change nothing.

Typer (0.29) turns each value of the command that runs into its Python type through a pydantic
TypeAdapter it builds first: pydantic's import and a few milliseconds per parameter, a fifth of
the time of a ``redactkit review --list``. For the values redactkit's commands take, what the
adapter does is plain: a str stays the same str, a path is ``Path(value)`` then typer's own path
checks (``coerce_cli_path``, called here too), a whole number written in digits is ``int(value)``
within the option's min and max, a number of the right type (a default) stays itself. Those are
done here; anything else (a choice, a parser, a number written otherwise, a value out of range,
which then gets typer's own message) goes to typer's coercion, built when first needed. A
parameter with no value (None) never reaches it, as in typer.

tests/test_help.py runs every parameter of every command through both and compares them.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer._param_types import coerce_cli_path
from typer.core import build_runtime_param

_DIGITS = re.compile(r"-?[0-9]{1,18}")
_NOT_PLAIN = object()


def _plain_leaf(annotation, info, value, param, ctx):
    kind = type(value)
    if annotation is str:
        return value if kind is str else _NOT_PLAIN
    if annotation is Path:
        if info.path_type is not None or kind not in (str, type(Path())):
            return _NOT_PLAIN
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    if annotation is int or annotation is float:
        if info.clamp:
            return _NOT_PLAIN
        if kind is annotation or (annotation is float and kind is int):
            number = annotation(value)
        elif annotation is int and kind is str and _DIGITS.fullmatch(value):
            number = int(value)
        else:
            return _NOT_PLAIN
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return _NOT_PLAIN  # typer says what is wrong
        return number
    return _NOT_PLAIN


def plain(param, value, ctx):
    """The value as typer's coercion would give it, or _NOT_PLAIN where this does not know."""
    desc = param.type_descriptor
    info = desc.parameter_info
    if info.parser is not None or desc.file_annotation is not None or desc.is_choice or desc.is_tuple:
        return _NOT_PLAIN
    if desc.is_list:
        if type(value) not in (list, tuple):
            return _NOT_PLAIN
        (item,) = desc.annotation.__args__
        items = [_plain_leaf(item, info, v, param, ctx) for v in value]
        return _NOT_PLAIN if any(i is _NOT_PLAIN for i in items) else items
    return _plain_leaf(desc.annotation, info, value, param, ctx)


class WhenNeeded:
    """Stands in for typer's runtime coercion of one parameter (param._runtime_param): typer's
    only use of it is coerce(), whose None case is repeated here."""

    def __init__(self):
        self.built = None

    def coerce(self, value, param, ctx):
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if not (param.multiple or param.nargs == -1) or not isinstance(value, str):
            done = plain(param, value, ctx)
            if done is not _NOT_PLAIN:
                return done
        if self.built is None:
            self.built = build_runtime_param(param.type_descriptor)
        return self.built.coerce(value, param=param, ctx=ctx)
