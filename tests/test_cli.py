"""The command line: exit codes, one-line errors, and no personal data unless asked for."""

import json
import subprocess
import sys

import pymupdf
import pytest
from typer.testing import CliRunner

from redactkit.cli import app

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, list(map(str, args)))


@pytest.mark.slow
def test_scan_writes_proposals_and_hides_text(samples_dir, samples_key, tmp_path):
    out = tmp_path / "proposals.json"
    result = _run("scan", samples_dir, "--out", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    texts = {f["text"] for d in data["documents"] for f in d["findings"]}
    mobile = samples_key.value("01-MG5", "PHONE_NUMBER")  # the complainant's, in the case summary
    assert mobile in texts
    secrets = [mobile] + [samples_key.value(entity=e) for e in ("EMAIL_ADDRESS", "UK_NHS", "UK_POSTCODE", "PERSON")]
    for secret in secrets:  # found (a postcode may be part of an address found whole), and not printed
        assert any(secret in text for text in texts) and secret not in result.output, secret
    assert "Findings" in result.output and "UK_NHS" in result.output


@pytest.mark.slow
def test_show_text_prints_findings(samples_dir, samples_key, tmp_path):
    result = _run("scan", samples_dir / "statements", "--out", tmp_path / "p.json", "--show-text", "-j", "1")
    assert result.exit_code == 0
    assert samples_key.value("statements/02", "PHONE_NUMBER") in result.output


@pytest.mark.slow
def test_missing_input_exit_code(tmp_path, samples_dir):
    out = tmp_path / "p.json"
    result = _run("scan", tmp_path / "nope.pdf", samples_dir / "04-custody-record.pdf", "--out", out)
    assert result.exit_code == 3
    assert "nope.pdf: no such file" in result.output
    assert json.loads(out.read_text())["documents"][0]["path"] == "04-custody-record.pdf"


@pytest.mark.slow
def test_encrypted_exit_code(tmp_path):
    path = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Call 07700 900461")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    result = _run("scan", path, "--out", tmp_path / "p.json")
    assert result.exit_code == 4 and "encrypted PDF" in result.output
    result = _run("scan", path, "--out", tmp_path / "p.json", "--password", "pw")
    assert result.exit_code == 0


@pytest.mark.slow
def test_unwritable_output(tmp_path, samples_dir):
    result = _run("scan", samples_dir / "04-custody-record.pdf", "--out", tmp_path / "no" / "such" / "p.json")
    assert result.exit_code == 6 and "output folder does not exist" in result.output
    assert not (tmp_path / "no").exists()


@pytest.mark.slow
def test_output_is_written_atomically(tmp_path, samples_dir):
    out = tmp_path / "p.json"
    out.write_text("previous")
    result = _run("scan", samples_dir / "04-custody-record.pdf", "--out", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text())["version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]  # no temporary files left behind


def test_unknown_policy(tmp_path, samples_dir):
    result = _run("scan", samples_dir, "--out", tmp_path / "p.json", "--policy", "nonsense")
    assert result.exit_code == 8 and "unknown policy 'nonsense'" in result.output


def test_missing_model_is_refused_not_downloaded(tmp_path, samples_dir):
    result = _run("scan", samples_dir, "--out", tmp_path / "p.json", "--model", "en_core_web_trf")
    assert result.exit_code == 8 and "never downloads models" in result.output


@pytest.mark.slow
def test_console_script_runs_offline(tmp_path, samples_dir, samples_key):
    out = tmp_path / "p.json"
    proc = subprocess.run([sys.executable, "-m", "redactkit.cli", "scan", str(samples_dir / "unused"),
                           "--out", str(out), "-j", "1"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    email = samples_key.value("unused/10-phone-download", "EMAIL_ADDRESS")  # the handset owner's Apple ID
    assert email not in proc.stdout + proc.stderr
    data = json.loads(out.read_text())
    assert email in {f["text"] for d in data["documents"] for f in d["findings"]}


def test_version():
    result = _run("--version")
    assert result.exit_code == 0 and result.output.startswith("redactkit ")


@pytest.mark.slow
def test_scan_lists_pages_read_by_ocr_and_ocr_never_skips_them(samples_dir, samples_key, tmp_path):
    note = samples_dir / "unused" / "11-scanned-note.pdf"
    result = _run("scan", note, "--out", tmp_path / "p.json", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "Pages read by OCR" in result.output and "11-scanned-note.pdf" in result.output
    data = json.loads((tmp_path / "p.json").read_text())
    (doc,) = data["documents"]
    assert doc["ocr_pages"][0]["page"] == 1 and doc["findings"]
    assert {f["source"] for f in doc["findings"]} == {"ocr"}
    assert all("confidence" in f for f in doc["findings"])
    assert {f["text"] for f in doc["findings"]} >= set(samples_key.values("unused/11-scanned-note"))
    for secret in samples_key.values("unused/11-scanned-note"):
        assert secret not in result.output

    result = _run("scan", note, "--out", tmp_path / "never.json", "--ocr", "never", "-j", "1")
    assert result.exit_code == 0, result.output
    (doc,) = json.loads((tmp_path / "never.json").read_text())["documents"]
    assert doc["findings"] == [] and "ocr_pages" not in doc


def test_bad_ocr_mode_is_a_usage_error(samples_dir, tmp_path):
    result = _run("scan", samples_dir, "--out", tmp_path / "p.json", "--ocr", "sometimes")
    assert result.exit_code == 2
    assert "--ocr must be one of" in result.output
    assert not (tmp_path / "p.json").exists()


@pytest.mark.slow
def test_apply_ocr_layer_makes_the_redacted_scan_searchable(samples_dir, samples_key, tmp_path):
    note = samples_dir / "unused" / "11-scanned-note.pdf"
    assert _run("scan", note, "--out", tmp_path / "p.json", "-j", "1").exit_code == 0
    result = _run("apply", note, "-p", tmp_path / "p.json", "--out", tmp_path / "out", "--ocr-layer")
    assert result.exit_code == 0, result.output
    with pymupdf.open(tmp_path / "out" / "11-scanned-note.pdf") as doc:
        text = doc[0].get_text()
    assert "Operation" in text and "trial" in text and "staying with her mother" in text  # searchable
    for value in samples_key.values("unused/11-scanned-note"):
        for secret in value.split():  # nor any word of a redacted value
            assert secret not in text, secret
    verified = _run("verify", tmp_path / "out" / "11-scanned-note.pdf", "-p", tmp_path / "p.json", "--strict")
    assert verified.exit_code == 0, verified.output
