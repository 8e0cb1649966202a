"""The package's layers: imports only go downwards, and the stages that need no language model
never load one.

Layers, lowest first. A module may import from its own subpackage and from any layer below its
own; the stages (extract, detect, review, apply, verify) are side by side, each using only the
shared layers below and the stages named in ``STAGE_USES``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "redactkit"

LAYERS = {
    "core": 0,
    "config": 1,
    "pdf": 2,
    "model": 3,
    "extract": 4, "detect": 4, "review": 4, "apply": 4, "verify": 4,
    "jobs": 5,
    "training": 5.5,  # sample bundles, exercises and grading: built on the jobs, used by the CLI
    "cli": 6, "doctor": 6, "__init__": 6,
}
# stages that build on another stage (verify reads pages the way scan does, to find what is left)
STAGE_USES = {"detect": {"extract"}, "apply": {"extract"}, "verify": {"extract", "detect"},
              "review": {"extract"}}  # review reads page text for context lines and --add term


def _unit(module: str) -> str:
    """redactkit.apply.page -> apply; redactkit.cli -> cli; redactkit -> __init__."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "redactkit":
                found += [(node.lineno, f"redactkit.{a.name}") for a in node.names if a.name != "__version__"]
            elif node.module.startswith("redactkit."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "relative"))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("redactkit")]
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        yield path, ".".join(rel.parts).removesuffix(".__init__")


def test_every_module_is_in_a_layer():
    for _path, module in _modules():
        assert _unit(module) in LAYERS, f"{module}: add its subpackage to LAYERS"


def test_imports_only_go_downwards():
    wrong = []
    for path, module in _modules():
        mine = _unit(module)
        for line, target in _imports(path):
            if target == "relative":
                wrong.append(f"{module}:{line}: relative import (write redactkit.... so layers can be checked)")
                continue
            theirs = _unit(target)
            if theirs == mine:
                continue
            allowed = LAYERS[theirs] < LAYERS[mine] or theirs in STAGE_USES.get(mine, set())
            if not allowed:
                wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "imports that go up or sideways:\n" + "\n".join(wrong)


def test_the_layer_check_catches_an_upward_import(tmp_path):
    """The check itself can fail: an import from jobs inside pdf is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from redactkit.jobs.scan import scan\n")
    assert _imports(bad) == [(1, "redactkit.jobs.scan")]
    assert LAYERS[_unit("redactkit.jobs.scan")] > LAYERS["pdf"]


LANGUAGE = ("spacy", "presidio_analyzer", "presidio_anonymizer")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {LANGUAGE!r})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("code", [
    "import redactkit.model.proposals, redactkit.model.matching",
    "import redactkit.review.decisions, redactkit.review.preview",
    "import redactkit.jobs.apply",
    "from redactkit.cli import app",
])
def test_stages_without_a_language_model_do_not_load_one(code):
    assert _loaded_after(code) == set()


@pytest.mark.slow
def test_the_probe_sees_spacy_when_it_is_loaded():
    assert "spacy" in _loaded_after("import redactkit.detect.engine")


def test_api_names_are_the_functions_whatever_was_imported_first():
    """`apply` and `verify` are stage subpackages too: the API functions must still win."""
    code = ("import redactkit.apply.document, redactkit.verify.document\n"
            "from redactkit import ApplyOptions, VerifyOptions, apply, run, scan, verify\n"
            "import inspect\n"
            "print(all(inspect.isfunction(f) for f in (apply, run, scan, verify)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
