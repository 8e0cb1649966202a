"""The scan's memory: what it holds of a bundle does not grow with what it has already let go of.

The bench (``python -m bench --only memory``) measures peak memory at 1,000 to 10,000 pages; these
check the two mechanisms behind it on a small scale: the findings that come back from the workers
are made small without changing a byte of the proposals file, and MuPDF's store does not keep the
images of scanned pages after their documents are closed.
"""

from __future__ import annotations

import json
import math
import pickle
import re
import sys

import pymupdf
from scans import scanned_pdf

from redactkit.jobs.scan import ScanOptions, _Compact, scan
from redactkit.model.proposals import Finding


def _finding(n: int, **changes) -> Finding:
    base = {"id": f"{n:016x}", "page": 3, "entity": "PERSON", "text": "Emily Clarke", "score": 0.85,
            "rects": [[131.87, 82.98, 194.31, 93.49], [72.0, 95.5, 101.25, 106.0]], "recognizer": "SpacyRecognizer",
            "reason": "third-party personal data", "span": [1035, 1047], "role": "complainant", "person": "Emily Clarke"}
    return Finding(**{**base, **changes})


def test_compacted_findings_share_values_and_write_the_same_bytes():
    # as they come back from a worker: every finding unpickled on its own has its own copies
    sent = [_finding(n) for n in range(3)] + [_finding(9, rects=[[-0.0, 0.0, 12.5, math.nan]], score=0.0,
                                                       span=None, role=None, person=None, confidence=-0.0)]
    findings = [pickle.loads(pickle.dumps(f)) for f in sent]
    assert findings[0].text is not findings[1].text and findings[0].rects[0][0] is not findings[1].rects[0][0]
    before = [json.dumps(f.to_dict()) for f in findings]

    compact = _Compact()
    assert compact.findings(findings) is findings
    assert [json.dumps(f.to_dict()) for f in findings] == before  # nan and -0.0 written as before
    a, b = findings[0], findings[1]
    for name in ("text", "entity", "recognizer", "reason", "role", "person"):
        assert getattr(a, name) is getattr(b, name), name
    assert a.rects[0][0] is b.rects[0][0] and a.span[0] is b.span[0] and a.score is b.score
    assert a.rects is not b.rects and a.rects[0] is not b.rects[0] and a.span is not b.span  # lists: never shared
    # and each list exactly its length (a comprehension's keeps room for four)
    one_box = compact.findings([pickle.loads(pickle.dumps(_finding(7, rects=[[1.5, 2.5, 3.5, 4.5]])))])[0]
    grown = compact.rects(pickle.loads(pickle.dumps([[0.5, 1.5, 2.5, 3.5]])))  # as the boxes grown in a worker come
    for values in (one_box.rects, one_box.rects[0], a.rects, a.rects[0], a.span, grown, grown[0]):
        assert type(values) is list and sys.getsizeof(values) == sys.getsizeof(list(tuple(values))), values
    odd = findings[3]
    assert math.copysign(1, odd.rects[0][0]) < 0 and math.isnan(odd.rects[0][3]) and odd.span is None
    # and values first met in the second pass share the first pass's
    later = compact.findings([pickle.loads(pickle.dumps(_finding(5)))])[0]
    assert later.text is a.text and later.rects[1][3] is a.rects[1][3]


def _store_bytes() -> int:
    """What MuPDF's store holds now (pymupdf's TOOLS.store_size is not implemented: its debug dump says)."""
    mupdf = pymupdf.mupdf
    buffer = mupdf.fz_new_buffer(1024)
    out = mupdf.FzOutput(buffer)
    mupdf.fz_debug_store(out)
    out.fz_close_output()
    return int(re.search(r"\bsize=(\d+)", mupdf.fz_buffer_extract(buffer).decode().splitlines()[-1]).group(1))


def test_scan_leaves_no_scanned_image_in_mupdfs_store(tmp_path, detector):
    """A scanned page's decoded image (MB at 200 dpi) stayed in MuPDF's store after its document
    was closed, in every worker and in the scan's own process (which grows the OCR boxes over the
    image): a bundle's scans filled it up to 256 MiB."""
    path = scanned_pdf(tmp_path / "scan.pdf", ["Spoke to Emily CLARKE by phone on 07700 900461.",
                                                "She lives at 5 Elm Grove, Leeds LS6 2HP."])
    with pymupdf.open(path) as pdf:  # the check sees a held image
        pdf[0].get_pixmap(dpi=72)
        assert _store_bytes() > 0
    result = scan([str(path)], ScanOptions(workers=1), detector=detector)
    doc = result.proposals.documents[0]
    assert doc.ocr_pages and any(f.source == "ocr" for f in doc.findings)  # read by OCR, boxes grown
    assert _store_bytes() == 0
