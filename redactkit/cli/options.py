"""The options several commands share, defined once: each as a typed ``Annotated`` alias, and the
options of a scan (which ``scan`` and ``run`` both take) as one group, ``@scan_options``.

Choices are listed in the option's value (``--ocr auto|always|never``); tests/test_help.py checks
that they are the ones the stages accept (the stages are not imported here: ``redactkit review``
must start without loading the scanner).
"""

from __future__ import annotations

import functools
import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

OCR_CHOICES = "auto|always|never"  # redactkit.extract.ocr.OCR_MODES
LABEL_CHOICES = "none|entity|reason"  # redactkit.apply.document.LABEL_MODES
LEVEL_CHOICES = "basic|intermediate|advanced"  # redactkit.training.exercise.LEVELS

RulesOpt = Annotated[Optional[Path], typer.Option("--rules", metavar="DIR", help="Rules folder (default: the rules shipped with redactkit).")]

PolicyOpt = Annotated[Optional[str], typer.Option("--policy", metavar="NAME", help="Policy name from rules/policies, or a policy file.")]

WorkersOpt = Annotated[int, typer.Option("--workers", "-j", min=0, metavar="N", help="Parallel worker processes (0: one per CPU, at most 4).")]

PasswordOpt = Annotated[Optional[str], typer.Option("--password", metavar="PW", envvar="REDACTKIT_PASSWORD", help="Password for encrypted PDFs.")]

ModelOpt = Annotated[Optional[str], typer.Option("--model", metavar="NAME", envvar="REDACTKIT_SPACY_MODEL", help="Installed spaCy model to use instead of the rules' default.")]

MaxPagesOpt = Annotated[int, typer.Option("--max-pages", min=0, metavar="N", help="Refuse documents with more pages than this (0: no limit).")]

ShowTextOpt = Annotated[bool, typer.Option("--show-text", help="Print the personal data found (off by default).")]

QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]

PeopleOpt = Annotated[Optional[Path], typer.Option("--people", metavar="CASE.yaml", help="Case list (YAML): the people of the case, their roles, aliases and identifiers.")]

DenyOpt = Annotated[Optional[list[Path]], typer.Option("--deny", metavar="FILE", help="File of terms always redacted (one per line). Repeatable.")]

AllowOpt = Annotated[Optional[list[Path]], typer.Option("--allow", metavar="FILE", help="File of terms never redacted (one per line). Repeatable.")]

OcrOpt = Annotated[str, typer.Option("--ocr", metavar=OCR_CHOICES, help="OCR: auto (scanned pages and scanned inserts), always (every page) or never.")]

ClusterOpt = Annotated[Optional[str], typer.Option("--cluster", metavar="ADDRESS", envvar="REDACTKIT_CLUSTER", help="Run on a Dask cluster: its scheduler's address (tcp://HOST:8786, tls:// when remote). Documents cross the network: trusted networks only.")]

PageTimeoutOpt = Annotated[float, typer.Option("--page-timeout", min=0, metavar="SECONDS", help="Time a page may take to read (0: no limit); a page stopped at it is not read and is redacted whole.")]

DocumentTimeoutOpt = Annotated[float, typer.Option("--document-timeout", min=0, metavar="SECONDS", help="Time a document may take to scan (0: no limit); pages not reached are redacted whole.")]

OcrLayerOpt = Annotated[bool, typer.Option("--ocr-layer", help="Give redacted scans an invisible text layer, read after redaction, so they stay searchable.")]

LabelOpt = Annotated[str, typer.Option("--label", metavar=LABEL_CHOICES, help="Text in each box: none, the entity type or the reason code.")]

HideOpt = Annotated[bool, typer.Option("--hide-widths/--no-hide-widths", help="Widen boxes to half-em steps and remove the spacing that measures a removed word (default on).")]

OperatorOpt = Annotated[Optional[str], typer.Option("--operator", metavar="NAME", envvar="REDACTKIT_OPERATOR", help="Who is redacting, for the log (default: your user name).")]

LogTextOpt = Annotated[bool, typer.Option("--log-text", help="Put the redacted text in the log (internal copies only).")]

ProposalsOpt = Annotated[Path, typer.Option("--proposals", "-p", metavar="FILE", help="The proposals file written by scan.")]

OutDirOpt = Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder (the input tree is mirrored in it).")]

OverwriteOpt = Annotated[bool, typer.Option("--overwrite", help="Replace an earlier redactkit run in the output folder (what it wrote there is removed first); without it a folder that is not empty is refused (exit 6).")]

StrictOpt = Annotated[bool, typer.Option("--strict", help="Verification warnings count as failures.")]

JsonOpt = Annotated[Optional[Path], typer.Option("--json", metavar="FILE", help="Also write the report as JSON here.")]

# the options of a scan, in the order the help lists them: (parameter, option, default)
_SCAN = [("rules", RulesOpt, None), ("policy", PolicyOpt, None), ("people", PeopleOpt, None),
         ("deny", DenyOpt, None), ("allow", AllowOpt, None), ("ocr", OcrOpt, "auto"),
         ("model", ModelOpt, None), ("password", PasswordOpt, None), ("max_pages", MaxPagesOpt, 5000),
         ("page_timeout", PageTimeoutOpt, 120.0), ("document_timeout", DocumentTimeoutOpt, 0.0),
         ("workers", WorkersOpt, 0), ("cluster", ClusterOpt, None)]

if TYPE_CHECKING:
    from redactkit.jobs.scan import ScanOptions as ScanGroup
else:
    class ScanGroup:
        """Marks the parameter @scan_options fills (jobs.scan is loaded only when a command runs)."""


def scan_options(command):
    """Give a command the options of a scan in place of its parameter annotated ``ScanGroup``,
    which receives them as one :class:`redactkit.jobs.scan.ScanOptions`."""
    signature = inspect.signature(command, eval_str=True)
    own = list(signature.parameters.values())
    at = next(i for i, p in enumerate(own) if p.annotation is ScanGroup)
    into = own[at].name
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
             for name, annotation, default in _SCAN]
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
    parameters = own[:at] + added + own[at + 1:]

    @functools.wraps(command)
    def wrapper(**values):
        from redactkit.jobs.scan import ScanOptions

        given = {name: values.pop(name) for name, _annotation, _default in _SCAN}
        values[into] = ScanOptions(
            rules_dir=given["rules"], policy=given["policy"], workers=given["workers"],
            password=given["password"], model=given["model"], max_pages=given["max_pages"],
            people_file=given["people"], deny_files=list(given["deny"] or []),
            allow_files=list(given["allow"] or []), ocr=given["ocr"], cluster=given["cluster"],
            page_seconds=given["page_timeout"], document_seconds=given["document_timeout"])
        return command(**values)

    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper
