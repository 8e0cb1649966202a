"""Bad input gets a clear error of its own kind; folders are searched recursively and sorted."""

import pymupdf
import pytest

from redactkit.core.errors import DamagedError, EncryptedError, ExitCode, InputError
from redactkit.pdf.inputs import collect_inputs, open_pdf


def _pdf(path, pages=1, text="Hello"):
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page().insert_text((72, 72), text)
    doc.save(path)
    return path


def test_folders_are_searched_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    _pdf(tmp_path / "b" / "2.pdf")
    _pdf(tmp_path / "a" / "deep" / "1.PDF")
    _pdf(tmp_path / "0.pdf")
    (tmp_path / "notes.txt").write_text("not a pdf")
    (tmp_path / ".hidden.pdf").write_bytes(b"")
    found, skipped = collect_inputs([tmp_path])
    assert [f.relpath for f in found] == ["0.pdf", "a/deep/1.PDF", "b/2.pdf"]
    assert [(s.path.endswith("notes.txt"), s.exit_code) for s in skipped] == [(True, None)]


def test_missing_path_is_an_error_but_others_are_kept(tmp_path):
    good = _pdf(tmp_path / "good.pdf")
    found, skipped = collect_inputs([tmp_path / "missing.pdf", good])
    assert [f.relpath for f in found] == ["good.pdf"]
    assert skipped[0].exit_code == ExitCode.BAD_INPUT and "no such file" in skipped[0].reason


def test_same_name_from_two_places_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    a, b = _pdf(tmp_path / "x" / "s.pdf"), _pdf(tmp_path / "y" / "s.pdf")
    found, skipped = collect_inputs([a, b])
    assert len(found) == 1 and skipped[0].exit_code == ExitCode.BAD_INPUT


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        open_pdf(path)


def test_not_a_pdf(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_text("Dear Sir, this is a Word document really.")
    with pytest.raises(InputError, match="not a PDF") as info:
        open_pdf(path)
    assert info.value.exit_code == ExitCode.BAD_INPUT


def test_image_with_pdf_name_is_not_a_pdf(tmp_path):
    path = tmp_path / "photo.pdf"
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 10, 10), False)
    path.write_bytes(pix.tobytes("png"))
    with pytest.raises(InputError, match="not a PDF"):
        open_pdf(path)


def test_encrypted_needs_password(tmp_path):
    path = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="letmein", owner_pw="owner")
    with pytest.raises(EncryptedError, match="--password") as info:
        open_pdf(path)
    assert info.value.exit_code == ExitCode.ENCRYPTED
    with pytest.raises(EncryptedError, match="does not open"):
        open_pdf(path, password="wrong")
    with open_pdf(path, password="letmein") as opened:
        assert "secret" in opened[0].get_text()


def test_garbage_after_header_is_damaged(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    with pytest.raises(DamagedError) as info:
        open_pdf(path)
    assert info.value.exit_code == ExitCode.DAMAGED


def test_too_many_pages(tmp_path):
    path = _pdf(tmp_path / "big.pdf", pages=5)
    with pytest.raises(InputError, match="too large: 5 pages"):
        open_pdf(path, max_pages=4)
    open_pdf(path, max_pages=5).close()
    open_pdf(path, max_pages=0).close()  # 0: no limit


def test_a_page_tree_that_loops_is_reported_as_damage():
    """qpdf's pages-loop.pdf: MuPDF finds the page one by one and warns only as it loads a page;
    the scan must say pages may be missing (exit 5), not pass the file as whole."""
    from pathlib import Path

    from redactkit.pdf.inputs import damage_note

    corpus = Path(__file__).parent / "corpora" / "public"
    with open_pdf(corpus / "qpdf--pages-loop.pdf") as doc:
        assert "page tree is damaged" in (damage_note(doc) or "")
    with open_pdf(corpus / "qpdf--minimal-rotated.pdf") as doc:
        assert damage_note(doc) is None
