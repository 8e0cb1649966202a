"""Help that reads like a well-kept CLI's: no ``<bool>``, ``<str>``, ``<path>`` type noise after
every option, and no ``{PROPOSALS}`` braces in the usage line.

Typer (0.29) prints the Python type of every parameter in its rich help and cannot be told not
to; this command class (``@app.command(cls=CleanHelp)``) hides the type of flags and of options
and arguments that name their value with ``metavar``, and shows required arguments as plain
names, leaving typer's layout and everything else as it is. Choices keep their ``a|b|c`` list.
"""

from __future__ import annotations

import click
from typer.core import TyperArgument, TyperCommand, TyperOption


def _option_type(param: TyperOption):
    def display(ctx: click.Context) -> str | None:
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
        name = param.display_name_raw
        if not param.required and not name.startswith("["):
            name = f"[{name}]"
        return name + ("..." if param.nargs != 1 and not name.endswith("...") else "")
    return usage


class CleanHelp(TyperCommand):
    def get_params(self, ctx: click.Context):
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperOption):
                param.display_type_rich = _option_type(param)  # type: ignore[method-assign]
            elif isinstance(param, TyperArgument):
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
                param._usage_display_name = _argument_usage(param)  # type: ignore[method-assign]
            elif isinstance(param, click.Option) and param.is_flag:  # click's own --help
                param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]
        return params
