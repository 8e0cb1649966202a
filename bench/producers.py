"""Recall and precision on the producers corpus (tests/corpora/producers): documents made by
LibreOffice, Chromium, pdfLaTeX, a PostScript round trip and scans, with their ground truth.

    python -m bench.producers                       # scan the corpus, print the report
    python -m bench.producers --json out.json       # and save figures, misses and false positives
    python -m bench.producers --findings f.json     # score saved findings (from a run with --save-findings)
    python -m bench.producers --no-case-list        # scan without tests/corpora/producers/case.yaml
    python -m bench --only producers                # the same as a section of ``make bench``

Truth items (truth/<name>.json) say, per page, each value the police-to-cps policy must redact
("redact": true) and each it must keep ("redact": false: officers' names and collar numbers, the
suspect's own identifiers, the case's URN, crime and custody references, near misses).

How a finding is matched to a truth item. Both texts are normalised: NFKC (ligatures split),
diacritics dropped (Zoë = Zoe, ł = l), case folded, and everything but letters and digits removed,
so line breaks, hyphens at line ends, soft hyphens and spacing do not count. A finding *touches*
an item on the same page when their longest common run is at least 3 characters when the
shorter has fewer than 8 characters it must be one or more whole words of the longer ("7"
touches "7 yrs", "Clarke" touches "Mrs Clarke"; "81" does not touch "27/08/1999", nor "Dates"
"WITNESS STATEMENT"); otherwise their longest common run must be at least 60% of the shorter. The entity
type is not required to agree: what matters is whether the value is blacked out.

- Recall: a redact item is *found* when the findings that touch it and are redacted (decision
  not "rejected") cover at least 80% of its characters together ("Mrs Clarke" covers "Clarke",
  "Emily" + "CLARKE" cover "Emily CLARKE") and there are at least as many of them (in distinct
  places) as the item's `count` on the page; *partial* when they cover some of it or are fewer
  than its occurrences; otherwise
  *missed* (*kept* when a finding touches it but the policy kept it).
- Precision: a redacted finding is a true positive when it touches a redact item on its page;
  otherwise a false positive: *over-redaction* when it touches a keep item (an officer, a case
  reference, a near miss), *unlabelled* when it touches nothing in the truth.

Recall per entity is by the truth item's entity, precision by the finding's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpora" / "producers"
PRODUCERS = ["libreoffice", "chromium", "latex", "ps-roundtrip", "scan-clean", "scan-degraded"]
FOUND_AT = 0.8


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("đ", "d")
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def words(text: str) -> list[str]:
    return [norm(w) for w in re.split(r"[\s,;:()/.\-]+", text) if norm(w)]


def _spans(ws):
    """Every run of consecutive words, joined (normalised)."""
    return {"".join(ws[i:j]) for i in range(len(ws)) for j in range(i + 1, min(len(ws), i + 6) + 1)}


def touch(f: str, t: str, fwords=(), twords=()):
    """(start, end) in t of the run f shares with it, or None (f, t normalised; fwords, twords
    their words). When the shorter has fewer than 8 characters it must be whole words of the
    longer ("7" touches "7 yrs", "Clarke" touches "Mrs Clarke"; "81" does not touch "27/08/1999",
    nor "Dates" "WITNESS STATEMENT"); otherwise the longest common run must be at least 60% of the
    shorter."""
    if not f or not t:
        return None
    if min(len(f), len(t)) < 8:
        if f == t:
            return 0, len(t)
        if len(t) < len(f):
            return (0, len(t)) if t in _spans(list(fwords)) else None
        if f in _spans(list(twords)):
            i = t.find(f)
            return (i, i + len(f)) if i >= 0 else (0, len(t))
        return None
    m = SequenceMatcher(None, f, t, autojunk=False).find_longest_match(0, len(f), 0, len(t))
    if m.size >= 0.6 * min(len(f), len(t)):
        return m.b, m.b + m.size
    return None


def _where(f):
    """One finding per place: two recognizers' findings on the same boxes count once."""
    rects = f.get("rects")
    return tuple(tuple(round(v) for v in r) for r in rects) if rects else (f["text"], id(f))


def load_truth(corpus: Path = CORPUS) -> dict[str, dict]:
    """{pdf path relative to the corpus: truth}"""
    out = {}
    for p in sorted((corpus / "truth").glob("*.json")):
        t = json.loads(p.read_text(encoding="utf-8"))
        out[t["document"]] = t
    return out


def run_scan(corpus: Path = CORPUS, case_list: bool = True, workers: int = 1, only=None) -> tuple[dict, dict]:
    """Scan the corpus PDFs with redactkit's public API; {document: [finding dicts]}, and run info."""
    from redactkit import ScanOptions, scan

    if not callable(scan):
        # in the snapshot this was written against, "from redactkit import scan" gives the module
        # redactkit.scan (the lazy package __getattr__ imports the submodule, which then shadows it)
        scan = scan.scan

    truth = load_truth(corpus)
    docs = [d for d, t in truth.items() if not only or t["producer"] in only]
    people = corpus / "case.yaml" if case_list else None
    started = time.perf_counter()
    result = scan([str(corpus / d) for d in docs], ScanOptions(policy="police-to-cps", workers=workers, people_file=people))
    seconds = time.perf_counter() - started
    by_name = {Path(d).name: d for d in docs}
    findings = {}
    for doc in result.proposals.documents:
        key = by_name.get(Path(doc.path).name, doc.path)
        findings[key] = [{"page": f.page, "entity": f.entity, "text": f.text, "decision": f.decision,
                          "source": f.source, "score": f.score, "recognizer": f.recognizer,
                          "rects": [list(r) for r in f.rects]} for f in doc.findings]
    info = {"exit_code": result.exit_code, "pages": result.pages, "seconds": round(seconds, 1), "case_list": case_list,
            "skipped": [getattr(s, "path", str(s)) for s in result.problems]}
    return findings, info


def evaluate(truth: dict, findings: dict) -> dict:
    per_producer = defaultdict(Counter)
    rec_entity = defaultdict(Counter)
    prec_entity = defaultdict(Counter)
    misses, false_pos, over = [], [], []
    keep_hits = defaultdict(Counter)
    for doc, t in truth.items():
        prod = t["producer"]
        pc = per_producer[prod]
        pc["documents"] += 1
        pc["pages"] += t["pages"]
        found = findings.get(doc, [])
        normf = [(f, norm(f["text"]), words(f["text"])) for f in found]
        items = [(i, norm(i["text"]), words(i["text"])) for i in t["items"]]
        for it, nt, tw in items:
            if not it["redact"]:
                continue
            pc["items"] += 1
            rc = rec_entity[it["entity"]]
            rc["items"] += 1
            covered = [False] * len(nt)
            kept_only = False
            touching = set()
            for f, nf, fw in normf:
                if f["page"] != it["page"]:
                    continue
                span = touch(nf, nt, fw, tw)
                if span is None:
                    continue
                if f["decision"] == "rejected":
                    kept_only = True
                    continue
                touching.add(_where(f))
                for k in range(*span):
                    covered[k] = True
            share = sum(covered) / len(nt) if nt else 1.0
            if share >= FOUND_AT and len(touching) < it.get("count", 1):
                share = min(share, FOUND_AT - 0.01)  # some of its occurrences left: partial
            if share >= FOUND_AT:
                pc["found"] += 1
                rc["found"] += 1
            else:
                kind = "partial" if share > 0 else ("kept" if kept_only else "missed")
                pc[kind] += 1
                rc[kind] += 1
                misses.append({"document": doc, "producer": prod, "page": it["page"], "entity": it["entity"],
                               "text": it["text"], "kind": kind, "covered": round(share, 2), "note": it.get("note", "")})
        for f, nf, fw in normf:
            if f["decision"] == "rejected":
                continue
            pc["findings"] += 1
            ec = prec_entity[f["entity"]]
            ec["findings"] += 1
            same_page = [(it, nt, tw) for it, nt, tw in items if it["page"] == f["page"]]
            if any(it["redact"] and touch(nf, nt, fw, tw) for it, nt, tw in same_page):
                pc["tp"] += 1
                ec["tp"] += 1
                continue
            kept = [it for it, nt, tw in same_page if not it["redact"] and touch(nf, nt, fw, tw)]
            rec = {"document": doc, "producer": prod, "page": f["page"], "entity": f["entity"], "text": f["text"],
                   "source": f.get("source", "text")}
            if kept:
                pc["over"] += 1
                ec["over"] += 1
                rec["kept_item"] = {"entity": kept[0]["entity"], "text": kept[0]["text"], "note": kept[0].get("note", "")}
                over.append(rec)
            else:
                pc["unlabelled"] += 1
                ec["unlabelled"] += 1
                false_pos.append(rec)
        # keep items: how many were left alone
        for it, nt, tw in items:
            if it["redact"]:
                continue
            cat = keep_category(it)
            keep_hits[cat]["items"] += 1
            if any(f["page"] == it["page"] and f["decision"] != "rejected" and touch(nf, nt, fw, tw) for f, nf, fw in normf):
                keep_hits[cat]["redacted"] += 1
    return {"producers": {k: dict(v) for k, v in per_producer.items()},
            "recall_by_entity": {k: dict(v) for k, v in rec_entity.items()},
            "precision_by_entity": {k: dict(v) for k, v in prec_entity.items()},
            "kept_values": {k: dict(v) for k, v in keep_hits.items()},
            "misses": misses, "false_positives": false_pos, "over_redactions": over}


def keep_category(item) -> str:
    note = item.get("note", "")
    if "officer" in note:
        return "officer"
    if "suspect" in note:
        return "suspect"
    if item["entity"] in ("UK_URN", "UK_CRIME_REFERENCE", "UK_CUSTODY_NUMBER"):
        return "case reference"
    return "near miss"


def _pct(a, b):
    return f"{100 * a / b:5.1f}%" if b else "    - "


def format_report(report: dict, info: dict | None = None) -> str:
    lines = []
    if info:
        lines.append(f"scan: {info['pages']} pages in {info['seconds']} s, exit code {info['exit_code']}, "
                     f"case list {'on' if info['case_list'] else 'off'}")
    lines.append(f"{'producer':14s} {'docs':>4s} {'pages':>5s} {'items':>5s} {'found':>5s} {'part':>4s} {'kept':>4s} {'miss':>4s} "
                 f"{'recall':>7s} {'redacted':>8s} {'tp':>5s} {'over':>4s} {'unlab':>5s} {'precision':>9s}")
    tot = Counter()
    prods = report["producers"]
    for p in PRODUCERS + sorted(set(prods) - set(PRODUCERS)):
        if p not in prods:
            continue
        c = Counter(prods[p])
        tot.update(c)
        lines.append(_prod_line(p, c))
    lines.append(_prod_line("all", tot))
    lines.append("")
    lines.append(f"{'entity':24s} {'items':>5s} {'found':>5s} {'part':>4s} {'kept':>4s} {'miss':>4s} {'recall':>7s}   "
                 f"{'findings':>8s} {'tp':>5s} {'over':>4s} {'unlab':>5s} {'precision':>9s}")
    ents = sorted(set(report["recall_by_entity"]) | set(report["precision_by_entity"]))
    for e in ents:
        r = Counter(report["recall_by_entity"].get(e, {}))
        q = Counter(report["precision_by_entity"].get(e, {}))
        lines.append(f"{e:24s} {r['items']:5d} {r['found']:5d} {r['partial']:4d} {r['kept']:4d} {r['missed']:4d} "
                     f"{_pct(r['found'], r['items']):>7s}   {q['findings']:8d} {q['tp']:5d} {q['over']:4d} {q['unlabelled']:5d} "
                     f"{_pct(q['tp'], q['findings']):>9s}")
    lines.append("")
    lines.append("kept values (redact: false) that were redacted:")
    for cat, c in sorted(report["kept_values"].items()):
        lines.append(f"  {cat:16s} {c.get('redacted', 0):4d} of {c['items']:4d}")
    return "\n".join(lines)


def _prod_line(p, c):
    return (f"{p:14s} {c['documents']:4d} {c['pages']:5d} {c['items']:5d} {c['found']:5d} {c['partial']:4d} {c['kept']:4d} "
            f"{c['missed']:4d} {_pct(c['found'], c['items']):>7s} {c['findings']:8d} {c['tp']:5d} {c['over']:4d} "
            f"{c['unlabelled']:5d} {_pct(c['tp'], c['findings']):>9s}")


def format_examples(report: dict, limit: int = 12) -> str:
    lines = ["misses by entity (producer, document, page, text, kind):"]
    by = defaultdict(list)
    for m in report["misses"]:
        by[m["entity"]].append(m)
    for e, ms in sorted(by.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"  {e} ({len(ms)})")
        for m in ms[:limit]:
            lines.append(f"    {m['producer']:13s} {Path(m['document']).stem:38s} p{m['page']} {m['kind']:7s} {m['text']!r}"
                         + (f"  [{m['note']}]" if m["note"] else ""))
    lines.append("over-redactions (a kept value redacted):")
    for r in report["over_redactions"][: limit * 3]:
        lines.append(f"    {r['producer']:13s} {Path(r['document']).stem:38s} p{r['page']} {r['entity']:22s} {r['text']!r} "
                     f"<- {r['kept_item']['entity']} {r['kept_item']['text']!r} [{r['kept_item']['note']}]")
    lines.append("unlabelled findings (redacted, matching nothing in the truth):")
    by = defaultdict(list)
    for r in report["false_positives"]:
        by[r["entity"]].append(r)
    for e, rs in sorted(by.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"  {e} ({len(rs)})")
        for r in rs[:limit]:
            lines.append(f"    {r['producer']:13s} {Path(r['document']).stem:38s} p{r['page']} {r['source']:4s} {r['text']!r}")
    return "\n".join(lines)


INK_DPI = 300
INK_AT_MOST = 0.01  # share of a value's ink that may lie outside the boxes


def value_ink(grey, to_pixels, rect):
    """The ink a box cuts, as the measure sees it: (x0, y0, mask) with mask over the window at
    (x0, y0) holding the strokes of ink connected to the ink under the box (found within two box
    heights of it), table rules, box edges and the lines above and below left out; None when
    there is no ink under the box."""
    from redactkit.extract.ink import pixel_box, reached_ink

    b = pixel_box(rect, to_pixels)
    reach = 2 * max(b.height, 4)
    x0, y0 = max(b.x0 - reach, 0), max(b.y0 - reach, 0)
    x1, y1 = min(b.x1 + reach, grey.shape[1]), min(b.y1 + reach, grey.shape[0])
    if x1 <= x0 or y1 <= y0:
        return None
    # a table's rules and a form's box edges (skewed too) are not the value's ink, nor is the
    # line above or below, which a blurred descender touches: the grower's own reach
    found = reached_ink(grey, b, (x0, y0, x1, y1), INK_DPI)
    return None if found is None else (x0, y0, found[1])


def ink_outside(findings: dict, corpus: Path = CORPUS, producers=("scan-clean", "scan-degraded")) -> list[dict]:
    """For every redacted finding on a scanned page: the share of the ink it cuts (value_ink, in
    the page image at 300 dpi) that lies outside all the page's boxes. Measured in pixels, on
    the finding's own rectangles (apply may widen them); a pixel is under a box when its centre is."""
    import numpy as np
    import pymupdf

    from redactkit.extract.ink import page_grey, pixel_box

    out = []
    truth = load_truth(corpus)
    for doc_name, t in truth.items():
        if t["producer"] not in producers:
            continue
        found = [f for f in findings.get(doc_name, []) if f["decision"] != "rejected" and f.get("rects")]
        with pymupdf.open(corpus / doc_name) as doc:
            for number in sorted({f["page"] for f in found}):
                grey, to_pixels = page_grey(doc[number - 1], INK_DPI)
                covered = np.zeros(grey.shape, dtype=bool)
                page_found = [f for f in found if f["page"] == number]
                for f in page_found:
                    for r in f["rects"]:
                        b = pixel_box(r, to_pixels)
                        covered[max(b.y0, 0):max(b.y1, 0), max(b.x0, 0):max(b.x1, 0)] = True
                for f in page_found:
                    total = outside = 0
                    for r in f["rects"]:
                        seen = value_ink(grey, to_pixels, r)
                        if seen is None:
                            continue
                        x0, y0, reached = seen
                        total += int(reached.sum())
                        outside += int((reached & ~covered[y0:y0 + reached.shape[0], x0:x0 + reached.shape[1]]).sum())
                    if total:
                        out.append({"document": doc_name, "producer": t["producer"], "page": number,
                                    "entity": f["entity"], "text": f["text"], "rects": f["rects"],
                                    "share": outside / total})
    return out


def format_ink(rows: list[dict]) -> str:
    lines = ["ink of redacted values outside the boxes (scanned pages, pixels at 300 dpi):"]
    for producer in ("scan-clean", "scan-degraded"):
        mine = [r for r in rows if r["producer"] == producer]
        if not mine:
            continue
        over = [r for r in mine if r["share"] > INK_AT_MOST]
        worst = max(r["share"] for r in mine)
        lines.append(f"  {producer:14s} {len(mine)} findings, {len(over)} keep more than {INK_AT_MOST:.0%} of their ink "
                     f"outside the boxes (worst {worst:.1%})")
    return "\n".join(lines)


# the targets: (producers, minimum recall, minimum precision or None)
TARGETS = [("text PDFs", ["libreoffice", "chromium", "latex"], 0.98, 0.95),
           ("PostScript round trip", ["ps-roundtrip"], 0.90, None),
           ("degraded scans", ["scan-degraded"], 0.90, None)]


def targets(report: dict) -> list[dict]:
    """Each target with its measured figures and whether it is met."""
    rows = []
    for name, producers, recall, precision in TARGETS:
        c = Counter()
        for p in producers:
            c.update(report["producers"].get(p, {}))
        if not c["items"]:
            continue  # not scanned in this run (--only)
        got_recall = c["found"] / c["items"]
        got_precision = c["tp"] / c["findings"] if c["findings"] else None
        met = got_recall is not None and got_recall >= recall and (precision is None or (got_precision or 0) >= precision)
        rows.append({"target": name, "recall": got_recall, "min_recall": recall, "precision": got_precision,
                     "min_precision": precision, "met": met})
    return rows


def section_producers(console, results: dict, workers: int = 1) -> None:
    """``make bench``'s producers section: the report, and the issue's targets met or not."""
    truth = load_truth()
    findings, info = run_scan(CORPUS, True, workers)
    report = evaluate(truth, findings)
    console.print("[bold]producers corpus[/bold] (tests/corpora/producers)")
    console.print(format_report(report, info), markup=False)
    rows = targets(report)
    for row in rows:
        console.print(f"  {row['target']:24s} recall "
                      f"{100 * (row['recall'] or 0):5.1f}% (>= {100 * row['min_recall']:.0f}%)"
                      + (f", precision {100 * (row['precision'] or 0):5.1f}% (>= {100 * row['min_precision']:.0f}%)"
                         if row["min_precision"] else "")
                      + ("  met" if row["met"] else "  NOT MET"), markup=False)
    results["producers"] = {"info": info, "producers": report["producers"], "recall_by_entity": report["recall_by_entity"],
                            "precision_by_entity": report["precision_by_entity"], "targets": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="recall and precision on the producers corpus")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--no-case-list", action="store_true", help="scan without the corpus case list (case.yaml)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--only", action="append", choices=PRODUCERS, help="scan only these producers (repeatable)")
    ap.add_argument("--findings", type=Path, help="score these saved findings instead of scanning")
    ap.add_argument("--save-findings", type=Path, help="save the findings (they are fictional data) for --findings")
    ap.add_argument("--json", type=Path, help="write the report here")
    ap.add_argument("--examples", type=int, default=12, help="examples per class of miss / false positive")
    ap.add_argument("--ink", action="store_true", help="also measure, in pixels, the ink of redacted values left "
                                                       "outside the boxes on scanned pages")
    args = ap.parse_args(argv)
    truth = load_truth(args.corpus)
    if args.findings:
        saved = json.loads(args.findings.read_text(encoding="utf-8"))
        findings, info = saved["findings"], saved.get("info")
    else:
        findings, info = run_scan(args.corpus, not args.no_case_list, args.workers, args.only)
        if args.save_findings:
            args.save_findings.write_text(json.dumps({"info": info, "findings": findings}, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.only:
        truth = {d: t for d, t in truth.items() if t["producer"] in args.only}
    report = evaluate(truth, findings)
    print(format_report(report, info))
    for row in targets(report):
        print(f"target {row['target']}: recall {100 * (row['recall'] or 0):.1f}% (>= {100 * row['min_recall']:.0f}%)"
              + (f", precision {100 * (row['precision'] or 0):.1f}% (>= {100 * row['min_precision']:.0f}%)"
                 if row["min_precision"] else "") + (" met" if row["met"] else " NOT MET"))
    ink = ink_outside(findings, args.corpus) if args.ink else None
    if ink is not None:
        print(format_ink(ink))
    print()
    print(format_examples(report, args.examples))
    if args.json:
        extra = {"ink_outside": ink} if ink is not None else {}
        args.json.write_text(json.dumps({"info": info, **report, **extra}, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
