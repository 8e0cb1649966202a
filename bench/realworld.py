"""Robustness triage on PDFs people really have (issue 13).

For every file of the public corpora (``tests/corpora/public``: PDFs; ``tests/corpora/public-other``:
pictures and e-mail messages; each described by its ``index.json``), run the command line as a user
would, in a subprocess with a timeout, one file at a time:

  * ``redactkit run FILE --out TMP --quiet``: exit code, a Python traceback on stderr (and the
    exception type), wall time, the first line of stderr, files left half-written in TMP, and the
    verdict of run's own verification of its output (``TMP/_INTERNAL-not-for-disclosure/
    verify-report.json``) with the checks that failed;
  * ``redactkit verify FILE --json REPORT``: the same, and which checks failed on the original;
  * before and after both: the input's SHA-256 (the input must never change) and the corpus
    folder's listing (nothing may be written beside the input).

    python bench/realworld.py [--corpus DIR]... [--cmd "python -c '...'"] [--pythonpath DIR]
                              [--timeout 120] [--only SUBSTRING]... [--out bench/out/realworld.json]

The command is configurable so that a frozen checkout can be measured while the package changes:
``--cmd`` (or ``$REDACTKIT_CMD``) is split like a shell line; the default is this interpreter with
``-c 'from redactkit.cli import main; main()'``, which does not depend on how the package is laid
out inside. ``--pythonpath`` (or ``$REDACTKIT_PYTHONPATH``) is put first on the child's PYTHONPATH.
Prints a table and writes the JSON report. Needs nothing but the standard library.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [ROOT / "tests" / "corpora" / "public", ROOT / "tests" / "corpora" / "public-other"]
DEFAULT_OUT = ROOT / "bench" / "out" / "realworld.json"
INTERNAL = "_INTERNAL-not-for-disclosure"
DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 130}
EXPECTED_EXIT = {"readable": {0}, "encrypted": {4}, "damaged": {3, 5}, "not-supported": {3}}
ATTACHMENT_EXIT = {"damaged": 5, "not-supported": 3}  # a message's attachment decides run's code too
PARTIAL = re.compile(r"(\.part$|\.tmp$|\.partial$|~$|staging)", re.I)
EXC_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure|error))(?::|$)")


def default_command() -> list[str]:
    if os.environ.get("REDACTKIT_CMD"):
        return shlex.split(os.environ["REDACTKIT_CMD"])
    return [sys.executable, "-c", "from redactkit.cli import main; main()"]


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _limit_memory(gigabytes: float):
    def apply() -> None:
        os.setsid()
        if gigabytes:
            limit = int(gigabytes * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def exception_of(stderr: str) -> str | None:
    """The exception type of the last traceback on stderr, or None when there is none."""
    if "Traceback (most recent call last)" not in stderr:
        return None
    tail = stderr[stderr.rindex("Traceback (most recent call last)"):].splitlines()
    for line in tail[1:]:
        if not line.startswith(" ") and (m := EXC_LINE.match(line.strip())):
            return m.group(1)
    for line in reversed(tail):
        if line and not line.startswith(" "):
            return line.split(":")[0][:80]
    return "?"


def traceback_frames(stderr: str, limit: int = 3) -> list[str]:
    """The last few 'File ..., line N, in f' frames of the traceback (where it was raised)."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', stderr)
    own = [f"redactkit/{f.split('/redactkit/')[-1]}:{n} {fn}" for f, n, fn in frames if "/redactkit/" in f]
    return own[-2:] + [f"{Path(f).name}:{n} {fn}" for f, n, fn in frames[-limit:]]


def run_cli(cmd: list[str], args: list[str], timeout: float, env: dict, mem_gb: float, cwd: str) -> dict:
    """Run one command. cwd is a scratch folder: with ``python -c`` the current folder comes first on
    sys.path, so running in a checkout would import that checkout instead of --pythonpath."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd,
                            preexec_fn=_limit_memory(mem_gb), text=True, errors="replace")
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, stderr = proc.communicate()
    wall = time.monotonic() - start
    lines = [line for line in stderr.splitlines() if line.strip()]
    rc = None if timed_out else proc.returncode
    return {
        "exit_code": rc,
        "timed_out": timed_out,
        "killed_by_signal": (-rc if rc is not None and rc < 0 else None),
        "documented_exit_code": rc in DOCUMENTED_EXIT_CODES,
        "traceback": "Traceback (most recent call last)" in stderr,
        "exception": exception_of(stderr),
        "frames": traceback_frames(stderr) if "Traceback" in stderr else [],
        "wall_s": round(wall, 2),
        "stderr_first_line": lines[0][:300] if lines else "",
        "stderr_last_line": lines[-1][:300] if lines else "",
        "stdout_tail": stdout[-400:] if (timed_out or rc not in (0, 1)) else "",
    }


def failed_checks(report: dict) -> tuple[list[str], list[str], list[str]]:
    """(checks with errors, checks with warnings only, per-file errors) from a verify JSON report."""
    errors, warnings, file_errors = Counter(), Counter(), []
    for f in report.get("files", []):
        if f.get("error"):
            file_errors.append(str(f["error"])[:200])
        for p in f.get("problems", []):
            (errors if p.get("severity") == "error" else warnings)[p.get("check", "?")] += 1
    return ([f"{c}x{n}" for c, n in sorted(errors.items())],
            [f"{c}x{n}" for c, n in sorted(warnings.items())], file_errors)


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def expected_exit(entry: dict) -> set[int]:
    """The exit codes run may give on the file: a message whose own document is readable exits as
    its first attachment that is not (README "Exit codes": the first failure in input order)."""
    codes = EXPECTED_EXIT.get(entry.get("expected"), set())
    bad = [ATTACHMENT_EXIT[v] for _n, v in sorted(entry.get("attachments_expected", {}).items()) if v in ATTACHMENT_EXIT]
    return {bad[0]} if bad and codes == {0} else codes


def triage_file(entry: dict, corpus: Path, cmd: list[str], timeout: float, env: dict, mem_gb: float,
                do_verify: bool) -> dict:
    corpus = Path(entry.get("_corpus", corpus))
    path = corpus / entry["name"]
    before_hash, before_list = sha256(path), listing(corpus)
    row = {"name": entry["name"], "corpus": corpus.name, "expected": entry.get("expected"),
           "features": entry.get("features", [])}
    with tempfile.TemporaryDirectory(prefix="rk-realworld-") as tmp:
        out = Path(tmp) / "out"
        row["run"] = run_cli(cmd, ["run", str(path), "--out", str(out), "--quiet"], timeout, env, mem_gb, tmp)
        made = sorted(str(p.relative_to(out)) for p in out.rglob("*")) if out.exists() else []
        row["run"]["outputs"] = [m for m in made if not m.startswith(INTERNAL)]
        row["run"]["partial_files"] = [m for m in made if PARTIAL.search(Path(m).name)]
        report = read_json(out / INTERNAL / "verify-report.json")
        if report is None:
            row["run"]["own_verification"] = None
        else:
            errors, warnings, file_errors = failed_checks(report)
            statuses = [f.get("status") for f in report.get("files", [])]
            row["run"]["own_verification"] = {
                "passed": bool(statuses) and all(s != "fail" for s in statuses) and not file_errors,
                "statuses": statuses, "failed_checks": errors, "warning_checks": warnings,
                "file_errors": file_errors}
        row["run"]["matches_expected"] = row["run"]["exit_code"] in expected_exit(entry)
        if do_verify:
            json_path = Path(tmp) / "verify.json"
            row["verify"] = run_cli(cmd, ["verify", str(path), "--json", str(json_path), "--quiet"],
                                    timeout, env, mem_gb, tmp)
            report = read_json(json_path)
            if report is not None:
                errors, warnings, file_errors = failed_checks(report)
                row["verify"].update(failed_checks=errors, warning_checks=warnings, file_errors=file_errors)
    row["input_unchanged"] = sha256(path) == before_hash
    row["corpus_listing_unchanged"] = listing(corpus) == before_list
    return row


def summarise(rows: list[dict]) -> dict:
    summary: dict = {"files": len(rows)}
    for command in ("run", "verify"):
        done = [r[command] for r in rows if command in r]
        if not done:
            continue
        summary[command] = {
            "exit_codes": dict(sorted(Counter(str(d["exit_code"]) for d in done).items())),
            "tracebacks": sum(d["traceback"] for d in done),
            "exceptions": dict(Counter(d["exception"] for d in done if d["exception"])),
            "timeouts": sum(d["timed_out"] for d in done),
            "undocumented_exit_codes": sum(1 for d in done if not d["documented_exit_code"] and not d["timed_out"]),
            "wall_s_total": round(sum(d["wall_s"] for d in done), 1),
        }
    run_rows = [r for r in rows if "run" in r]
    own = [r["run"]["own_verification"] for r in run_rows if r["run"]["own_verification"]]
    summary["run"]["own_verification_reports"] = len(own)
    summary["run"]["own_verification_failed"] = sum(1 for v in own if not v["passed"])
    summary["run"]["own_verification_failed_checks"] = dict(Counter(
        c.rsplit("x", 1)[0] for v in own if not v["passed"] for c in v["failed_checks"]))
    summary["run"]["matches_expected"] = sum(r["run"]["matches_expected"] for r in run_rows)
    summary["run"]["partial_files_left"] = sum(1 for r in run_rows if r["run"]["partial_files"])
    summary["inputs_changed"] = [r["name"] for r in rows if not r["input_unchanged"]]
    summary["corpus_listing_changed"] = [r["name"] for r in rows if not r["corpus_listing_unchanged"]]
    return summary


def print_table(rows: list[dict], summary: dict) -> None:
    head = f"{'file':52} {'exp':9} {'run':>4} {'s':>6} {'tb':15} {'own verify':28} {'verify':>6} {'tb':12} checks failed on original"
    print(head)
    print("-" * len(head))
    for r in rows:
        run = r["run"]
        own = run["own_verification"]
        own_txt = "-" if own is None else ("pass" if own["passed"] else "FAIL " + ",".join(c.rsplit("x", 1)[0] for c in own["failed_checks"]) or "FAIL")
        rc = "T/O" if run["timed_out"] else str(run["exit_code"])
        ver = r.get("verify", {})
        vrc = "T/O" if ver.get("timed_out") else str(ver.get("exit_code", ""))
        print(f"{r['name'][:52]:52} {str(r['expected'])[:9]:9} {rc:>4} {run['wall_s']:6.1f} "
              f"{(run['exception'] or '')[:15]:15} {own_txt[:28]:28} {vrc:>6} {(ver.get('exception') or '')[:12]:12} "
              f"{','.join(c.split('x')[0] for c in ver.get('failed_checks', []))}"
              + ("" if r["input_unchanged"] else "  INPUT CHANGED!"))
    print()
    print(json.dumps(summary, indent=1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", default=None,
                        help="a corpus folder with an index.json (repeatable; default: both public corpora)")
    parser.add_argument("--cmd", default=None, help="the redactkit command line, split like a shell line")
    parser.add_argument("--pythonpath", default=os.environ.get("REDACTKIT_PYTHONPATH"),
                        help="put first on the child's PYTHONPATH (e.g. a frozen checkout)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per command per file")
    parser.add_argument("--mem-gb", type=float, default=8.0, help="address-space limit per child (0: none)")
    parser.add_argument("--only", action="append", default=[], help="only files whose name contains this")
    parser.add_argument("--no-verify", action="store_true", help="skip the separate verify of each original")
    parser.add_argument("--range", default=None, metavar="FIRST:LAST",
                        help="only files FIRST to LAST (1-based, inclusive) of the index, to split a triage")
    parser.add_argument("--merge", type=Path, nargs="+", default=None, metavar="JSON",
                        help="no run: merge the files of several partial reports (in index order) into --out")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.merge:
        return merge(args)

    cmd = shlex.split(args.cmd) if args.cmd else default_command()
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    args.corpus, args.out = [c.resolve() for c in (args.corpus or DEFAULT_CORPORA)], args.out.resolve()
    probe = subprocess.run(cmd[:1] + ["-c", "import redactkit; print(redactkit.__file__)"], env=env,
                           cwd=tempfile.gettempdir(), capture_output=True, text=True)
    args.imports = probe.stdout.strip()
    print(f"redactkit imported from {args.imports or probe.stderr.strip()[-200:]}", file=sys.stderr)
    entries = [e for e in corpus_entries(args.corpus) if not args.only or any(s in e["name"] for s in args.only)]
    if args.range:
        first, last = (int(v) for v in args.range.split(":"))
        entries = entries[first - 1:last]
    rows = []
    for i, entry in enumerate(entries, 1):
        row = triage_file(entry, entry["_corpus"], cmd, args.timeout, env, args.mem_gb, not args.no_verify)
        rows.append(row)
        run = row["run"]
        print(f"[{i}/{len(entries)}] {entry['name']}: run {'T/O' if run['timed_out'] else run['exit_code']}"
              f" {run['wall_s']:.1f}s{' ' + run['exception'] if run['exception'] else ''}; verify "
              f"{row.get('verify', {}).get('exit_code')}", file=sys.stderr, flush=True)
        # partial results survive an interrupted triage
        _write(args.out, cmd, args, rows)
    summary = summarise(rows)
    _write(args.out, cmd, args, rows, summary)
    print_table(rows, summary)
    return 0


def corpus_entries(corpora: list[Path]) -> list[dict]:
    """The files of every corpus's index.json, in order, each with the folder it is in."""
    entries = []
    for corpus in corpora:
        for entry in json.loads((corpus / "index.json").read_text())["files"]:
            entries.append({**entry, "_corpus": str(corpus)})
    return entries


def merge(args) -> int:
    """Combine partial reports (e.g. two halves run side by side) into one, in index order."""
    parts = [json.loads(p.read_text()) for p in args.merge]
    order = {e["name"]: i for i, e in enumerate(corpus_entries([c.resolve() for c in (args.corpus or DEFAULT_CORPORA)]))}
    rows: dict[str, dict] = {}
    for part in parts:
        for row in part["files"]:
            rows.setdefault(row["name"], row)
    merged = sorted(rows.values(), key=lambda r: order.get(r["name"], len(order)))
    first = parts[0]
    args.pythonpath, args.timeout, args.mem_gb = first["pythonpath"], first["timeout_s"], first["mem_gb"]
    args.imports = first.get("redactkit_imported_from")
    summary = summarise(merged)
    _write(args.out.resolve(), first["command"], args, merged, summary)
    print_table(merged, summary)
    return 0


def _write(out: Path, cmd: list[str], args, rows: list[dict], summary: dict | None = None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "command": cmd,
            "pythonpath": args.pythonpath, "redactkit_imported_from": getattr(args, "imports", None), "timeout_s": args.timeout, "mem_gb": args.mem_gb,
            "corpus": [str(c) for c in args.corpus] if isinstance(args.corpus, list) else str(args.corpus),
            "summary": summary, "files": rows}
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n")
    tmp.replace(out)


if __name__ == "__main__":
    sys.exit(main())
