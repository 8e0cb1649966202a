"""The content-stream parser: the fast regex tokenizer agrees with the character-by-character
reference on every construction content streams use, and writing the operations back gives a
stream that parses to the same operations."""

import pymupdf
import pytest

from redactkit.pdf.content import ContentError, parse, parse_slowly, write_op

TRICKY = [
    b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET",
    b"BT /F1 12 Tf [(Em) -120 (ily) 250.5 (Clarke)] TJ ET",
    rb"BT (a \(nested\) string with \\ and \n escapes) Tj (x (y) z) Tj ET",
    b"BT <48 65 6C\n6C 6F> Tj <4> Tj ET",
    b"/Span << /ActualText (Emily) /MCID 3 >> BDC /OC /oc1 BDC EMC EMC",
    b"/Na#20me#2Fx gs q 1 0 0 1 0 0 cm /Im1 Do Q",
    b"% a comment (with a paren\n0 0 m 10 10 l S % trailing\n1 g 0 0 5 5 re f*",
    b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI Q 2 w",
    b"-.5 +3 0.0 -0 d0 true false null 4 Tr",
    b"",
    b"   \n\t ",
]
BROKEN = [b"BT (never closed", b"[1 2", b"<< /A 1", b"1 2 ]", b"<< 1 2 >> BDC", b"[ 1 Tj ]", b") Tj"]


def _same(a, b):
    return [(o.operator, o.operands, o.start, o.end, o.raw) for o in a] == [
        (o.operator, o.operands, o.start, o.end, o.raw) for o in b]


@pytest.mark.parametrize("data", TRICKY)
def test_fast_parser_agrees_with_the_reference(data):
    assert _same(parse(data), parse_slowly(data))


@pytest.mark.parametrize("data", BROKEN)
def test_broken_streams_are_refused_by_both(data):
    with pytest.raises(ContentError):
        parse(data)
    with pytest.raises(ContentError):
        parse_slowly(data)


@pytest.mark.parametrize("data", TRICKY)
def test_written_operations_parse_back_the_same(data):
    ops = parse(data)
    again = parse(b"\n".join(write_op(op) for op in ops))
    assert [(o.operator, o.operands, o.raw) for o in again] == [(o.operator, o.operands, o.raw) for o in ops]


def test_streams_of_real_pages_agree(samples_dir):
    """Every content stream of the sample bundle (PyMuPDF-made and hand-made fonts, forms)."""
    streams = 0
    for path in sorted(samples_dir.rglob("*.pdf")):
        with pymupdf.open(path) as doc:
            for page in doc:
                for xref in page.get_contents():
                    data = doc.xref_stream(xref)
                    assert _same(parse(data), parse_slowly(data)), (path.name, page.number)
                    streams += 1
    assert streams >= 5
