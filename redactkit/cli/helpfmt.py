"""Help that reads like a well-kept CLI's, on every command: no ``<bool>``, ``<list[Path]>`` or
``<int range> [x>=0]`` type noise after the options, no ``{paths}`` braces in the usage line,
choices listed (``auto|always|never``), and an epilog of examples and exit codes.

Typer (0.29) prints the Python type of every parameter in its rich help and cannot be told not
to. ``CleanTyper`` is a ``typer.Typer`` whose commands are ``CleanHelp`` commands and whose
groups are ``CleanGroup`` groups: they hide the type of flags, show an option's value by its
``metavar`` (or its choices, or its name in capitals), drop click's range notes (the help says
what 0 means), and show arguments by name in capitals, leaving typer's layout as it is.
``epilog()`` writes the examples and exit codes in one style for every command.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from redactkit.cli.coerce import WhenNeeded


def _option_type(param: TyperOption):
    def display(ctx) -> str | None:
        if param.is_flag or param.count:
            return None
        if param.metavar is not None:
            return param.metavar
        choices = getattr(getattr(param, "type", None), "choices", None)
        if choices:
            return "|".join(str(c) for c in choices)
        return param.name.upper() if param.name else None
    return display


def _argument_usage(param: TyperArgument):
    def usage() -> str:
        name = param.metavar or ""
        if not param.required and not name.startswith("["):
            name = f"[{name}]"
        return name
    return usage


def _no_range() -> None:
    return None


def clean_params(params: list) -> list:
    """Give each parameter a clean help display (in place; parsing is not changed), and typer's
    coercion of its value only where it is needed (cli/coerce.py)."""
    for param in params:
        if isinstance(param, (TyperOption, TyperArgument)) and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = WhenNeeded()
        if isinstance(param, TyperOption):
            param.display_type_rich = _option_type(param)  # type: ignore[method-assign]
            param._get_number_range_help_str = _no_range  # type: ignore[method-assign]
        elif isinstance(param, TyperArgument):
            if param.metavar is None:  # shown (and named in errors) in capitals: PATHS...
                param.metavar = (param.name or "").upper() + ("..." if param.nargs != 1 else "")
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
            param._usage_display_name = _argument_usage(param)  # type: ignore[method-assign]
            param._get_number_range_help_str = _no_range  # type: ignore[method-assign]
    return params


class CleanHelp(TyperCommand):
    def get_params(self, ctx) -> list:
        return clean_params(super().get_params(ctx))


class CleanGroup(TyperGroup):
    order: tuple[str, ...] = ()  # commands listed first, in this order (a subclass sets it)

    def get_params(self, ctx) -> list:
        return clean_params(super().get_params(ctx))

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())  # on stdout, as before (click's plain layout writes it to stderr)
            ctx.exit(2)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx) -> list[str]:
        rank = {name: i for i, name in enumerate(self.order)}
        return sorted(super().list_commands(ctx), key=lambda name: rank.get(name, len(rank)))


class CleanTyper(typer.Typer):
    """A typer app whose commands and groups all have clean help."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("cls", CleanGroup)
        kwargs.setdefault("rich_markup_mode", None)  # click's plain layout: see the module's docstring
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any):
        return super().command(name, cls=cls or CleanHelp, **kwargs)


def epilog(examples: list[str], exit_codes: str, before: str = "") -> str:
    """The end of a command's help: what to know first (`before`), a few example command lines
    (one a line, as written: click keeps a paragraph that starts with \\b as it is), and what each
    exit code means."""
    parts = [before] if before else []
    label = "Example:" if len(examples) == 1 else "Examples:"
    parts.append("\b\n" + label + "\n" + "\n".join(f"  {line}" for line in examples))
    parts.append(f"Exit codes: {exit_codes}")
    return "\n\n".join(parts)
