"""The package installs as a plain wheel, with its rules and schemas, and works outside the checkout.

The wheel is built from this checkout without build isolation (offline), installed into a fresh
virtual environment with no access to the source tree, and `redactkit run` is run on the sample
bundle from another folder. The fresh environment borrows the already-installed dependencies
(spaCy, Presidio, PyMuPDF) through a path file, but not redactkit itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _sh(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = tmp_path_factory.mktemp("build")
    proc = _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
               "-w", out, ROOT, env={**os.environ, "TMPDIR": str(build)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = out.glob("redactkit-*.whl")
    return wheel


@pytest.mark.slow
def test_the_wheel_holds_every_subpackage_the_rules_and_the_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in ("core", "config", "pdf", "model", "extract", "detect", "review", "apply", "verify", "jobs"):
        assert f"redactkit/{package}/__init__.py" in names, package
    assert "redactkit/model/schema/proposals-v1.schema.json" in names
    assert "redactkit/config/schemas/policy.schema.json" in names
    assert "redactkit/rules/rules.yaml" in names
    assert "redactkit/rules/policies/police-to-cps.yaml" in names
    assert "redactkit/rules/lists/first-names.txt" in names
    assert any(n.startswith("redactkit/rules/recognizers/") for n in names)
    assert not any(n.startswith(("tests/", "bench/", "samples/")) for n in names)


@pytest.mark.slow
def test_the_installed_wheel_runs_the_sample_bundle(wheel, tmp_path):
    venv = tmp_path / "venv"
    assert _sh(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    python = venv / "bin" / "python"
    proc = _sh(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel)
    assert proc.returncode == 0, proc.stderr[-2000:]
    purelib = Path(_sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    # the dependencies already installed here; a plain path line, so no editable finder is loaded
    (purelib / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REDACTKIT_RULES")}
    where = _sh(python, "-c", "import redactkit, redactkit.config.rules as r; print(redactkit.__file__); "
                "print(r.default_rules_dir())", cwd=work, env=env)
    assert where.returncode == 0, where.stderr
    assert all(line.startswith(str(venv)) for line in where.stdout.split()), where.stdout
    proc = _sh(venv / "bin" / "redactkit", "run", ROOT / "samples" / "bundle", "--people",
               ROOT / "samples" / "people.yaml", "--out", work / "out", "--quiet", cwd=work, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (work / "out" / "statements" / "02-MG11-complainant.pdf").exists()
    assert (work / "out" / "_INTERNAL-not-for-disclosure" / "verify-report.json").exists()
