"""Every command's --help, at 80 columns: no type noise, the choices an option takes, environment
variables whole, examples that are real command lines, the exit codes, and accept/reject explained."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from redactkit.cli import app
from redactkit.cli.options import LABEL_CHOICES, LEVEL_CHOICES, OCR_CHOICES

runner = CliRunner()
NOISE = ("<bool>", "<str>", "<path>", "<int", "<float", "<list", "list[", "{", "}", "range]", "[x>=", "[x<")


def _commands(group=None, path=()):
    """Every command and group of the CLI, as the words that name it: (), ('scan',), ('exercise', 'start')."""
    group = group or typer.main.get_command(app)
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, path + (name,))


COMMANDS = {" ".join(path) or "redactkit": (path, command) for path, command in _commands()}


def _help(path) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_covered():
    expected = {"redactkit", "scan", "review", "preview", "stats", "apply", "verify", "run", "schedule", "qc",
                "samples", "exercise", "exercise start", "exercise grade"}
    assert set(COMMANDS) == expected


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_reads_cleanly_at_80_columns(name):
    path, command = COMMANDS[name]
    text = _help(path)
    for noise in NOISE:
        assert noise not in text, (noise, text)
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "Exit codes: 0 " in text
    examples = re.search(r"^  Examples?:\n((?:    redactkit .*\n)+)", text, re.MULTILINE)
    assert examples, text
    for param in command.params:
        for var in [param.envvar] if isinstance(param.envvar, str) else param.envvar or []:
            if getattr(param, "show_envvar", False):
                assert re.search(rf"\[env\s+var:\s+{var}\]", text), (var, text)  # the name whole, never cut
        if param.metavar and "|" in param.metavar:
            assert f"{param.opts[0]} {param.metavar}" in text  # the choices, after the option


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_examples_are_command_lines_redactkit_takes(name):
    """Each example, with --help added, parses: its command and options exist (an unknown option
    or command is an error before --help is looked at)."""
    text = _help(COMMANDS[name][0])
    block = re.search(r"^  Examples?:\n((?:    redactkit .*\n)+)", text, re.MULTILINE).group(1)
    for line in block.splitlines():
        for example in line.split(";"):
            words = shlex.split(example.strip())
            assert words[0] == "redactkit"
            if "COMMAND" in words:
                continue
            result = runner.invoke(app, [*words[1:], "--help"], terminal_width=80)
            assert result.exit_code == 0, (example, result.output)


def test_the_top_level_lists_every_command_uncut_in_stage_order():
    text = _help(())
    listing = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    names = [line.split()[0] for line in listing.splitlines()]
    assert names[:6] == ["scan", "review", "preview", "stats", "apply", "verify"]
    assert "..." not in listing, listing


@pytest.mark.parametrize("name,accept,reject", [
    ("redactkit", "accept = redact", "reject = keep"),
    ("review", "Accept = redact", "reject = keep"),
    ("stats", "Accepted = redacted", "rejected = kept"),
    ("schedule", "Accepted = redacted", "rejected = kept"),
    ("apply", None, "reject = keep"),
])
def test_accept_and_reject_are_explained_where_used(name, accept, reject):
    text = " ".join(_help(COMMANDS[name][0]).split())
    assert accept is None or accept in text
    assert reject in text


def test_the_listed_choices_are_the_ones_the_stages_take():
    from redactkit.apply.document import LABEL_MODES
    from redactkit.extract.ocr import OCR_MODES
    from redactkit.training.exercise import LEVELS

    assert OCR_CHOICES.split("|") == list(OCR_MODES)
    assert LABEL_CHOICES.split("|") == list(LABEL_MODES)
    assert LEVEL_CHOICES.split("|") == list(LEVELS)


def test_scan_and_run_share_one_list_of_scan_options():
    scan = {p.name for p in COMMANDS["scan"][1].params}
    run = {p.name for p in COMMANDS["run"][1].params}
    shared = {"rules", "policy", "people", "deny", "allow", "ocr", "model", "password", "max_pages",
              "page_timeout", "document_timeout", "workers", "cluster"}
    assert shared <= scan and shared <= run
    assert "options" not in scan | run  # the parameter @scan_options fills is not an option


def test_a_bad_choice_is_still_a_usage_error_naming_the_choices():
    result = runner.invoke(app, ["exercise", "start", "somewhere", "--level", "expert"])
    assert result.exit_code == 2
    assert "basic" in result.output


def test_values_are_coerced_as_typer_would_without_pydantic(tmp_path):
    """cli/coerce.py gives every parameter of every command the value typer's own (pydantic)
    coercion gives, for each sample it handles, and leaves the rest to typer."""
    from typer._click import Context
    from typer.core import TyperArgument, TyperOption, build_runtime_param

    from redactkit.cli.coerce import _NOT_PLAIN, plain

    (tmp_path / "there.pdf").write_bytes(b"%PDF-1.7\n")
    samples = ["", "x", " a b ", "50", "-3", "05", "0", "1_000", "+4", "2.5", "1e3", "case/", ".", str(tmp_path),
               str(tmp_path / "there.pdf"), Path("a"), 0, 7, 5000, -1, 120.0, 0.0, 2.5, True,
               ["a", "b"], ("x",), [], ["12", "3"], [Path("p")]]
    handled = 0
    for _name, (_path, command) in COMMANDS.items():
        ctx = Context(command)
        for param in command.params:
            if not isinstance(param, (TyperOption, TyperArgument)):
                continue
            reference = build_runtime_param(param.type_descriptor)
            for value in samples:
                got = plain(param, value, ctx)
                if got is _NOT_PLAIN:
                    continue
                handled += 1
                want = reference.coerce(value, param=param, ctx=ctx)  # raises if typer would refuse it
                assert got == want and type(got) is type(want), (param.name, value, got, want)
                if isinstance(got, list):
                    assert [type(g) for g in got] == [type(w) for w in want]
    assert handled > 200, handled


def test_out_of_range_and_odd_numbers_still_get_typers_message():
    result = runner.invoke(app, ["review", "p.json", "--limit", "-1"])
    assert result.exit_code == 2 and "--limit" in result.output
    result = runner.invoke(app, ["review", "p.json", "--limit", "ten"])
    assert result.exit_code == 2 and "--limit" in result.output


@pytest.mark.parametrize("words", [[], ["exercise"]])
def test_a_group_with_no_command_prints_its_help_on_stdout(words):
    result = CliRunner().invoke(app, words, terminal_width=80)
    assert result.exit_code == 2
    assert "Commands:" in result.stdout and "Exit codes: 0 " in result.stdout
