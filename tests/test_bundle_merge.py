"""The bundle pass's merge: what its workers leave out is only what the merge would drop.

The lists and the bundle-wide mentions find every mention of a known person or value, most of
them inside a finding the document has already. Those are dropped in the workers (bundle.uncovered),
not sent back to be dropped in the merge: the merge must come out the same, finding for finding.
"""

from __future__ import annotations

import random
import textwrap

from redactkit.detect.bundle import _finding_within, findings_by_page, merge_findings, uncovered
from redactkit.jobs import scan as scan_job
from redactkit.jobs.scan import ScanOptions, scan
from redactkit.model.proposals import Finding


def _random_finding(rng: random.Random, n: int) -> Finding:
    start = rng.randrange(0, 60)
    return Finding(id=f"{n:016x}", page=rng.randint(1, 3), entity=rng.choice(["PERSON", "PERSON", "PHONE_NUMBER"]),
                   text="x", score=0.85, rects=[[0.0, 0.0, 1.0, 1.0]], recognizer="r", reason="r",
                   source=rng.choice(["text", "text", "ocr"]), span=[start, start + rng.randint(1, 20)])


def test_leaving_out_the_covered_findings_never_changes_a_merge():
    rng = random.Random(16)
    dropped = 0
    for _case in range(2000):
        existing = [_random_finding(rng, n) for n in range(rng.randint(0, 8))]
        new = [_random_finding(rng, 100 + n) for n in range(rng.randint(0, 8))]
        kept = uncovered(new, findings_by_page(existing))
        dropped += len(new) - len(kept)
        assert [f.id for f in merge_findings(existing, kept)] == [f.id for f in merge_findings(existing, new)]
    assert dropped > 200  # the cases do hold covered findings


def test_the_bundle_pass_sends_back_no_finding_the_document_has(tmp_path, make_pdf, detector, monkeypatch):
    make_pdf("bundle/a-statement.pdf", "Statement of: Emily CLARKE", "Emily CLARKE saw Daniel Hargreaves.",
             "Call Emily Clarke on 07700 900461.")
    make_pdf("bundle/b-summary.pdf", "Summary: Emily Clarke and Daniel Hargreaves.", "Ring 07700 900461.")
    people = tmp_path / "people.yaml"
    people.write_text(textwrap.dedent("""
        people:
          - name: Emily Clarke
            role: complainant
          - name: Daniel Hargreaves
            role: suspect
    """))
    merges = []
    merge = scan_job._merge_by_document

    def watched(documents, added):
        merges.append([(doc_index, f, list(documents[doc_index].findings)) for doc_index, found in added for f in found])
        return merge(documents, added)

    monkeypatch.setattr(scan_job, "_merge_by_document", watched)
    result = scan([tmp_path / "bundle"], ScanOptions(workers=1, people_file=people), detector=detector)
    assert merges  # the lists' matches (and the bundle-wide mentions, where there are any)
    sent = [item for merged in merges for item in merged]
    assert not [f.text for _doc, f, existing in sent if any(_finding_within(f, e) for e in existing)]
    texts = {(d.path, f.text) for d in result.proposals.documents for f in d.findings}
    assert ("a-statement.pdf", "Emily CLARKE") in texts and ("b-summary.pdf", "Daniel Hargreaves") in texts
