"""Describe the PDF constructs in one file (PyMuPDF). Prints one JSON object."""
import json, re, sys
import pymupdf

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")


def probe(path, password=None):
    f = {"features": [], "warnings": ""}
    feats = set()
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # not openable at all
        f["open_error"] = f"{type(exc).__name__}: {exc}"[:200]
        return f
    f["is_pdf"] = doc.is_pdf
    if doc.needs_pass:
        feats.add("encrypted-user-password")
        if password and doc.authenticate(password):
            f["password_works"] = True
        else:
            f["pages"] = doc.page_count
            f["warnings"] = pymupdf.TOOLS.mupdf_warnings()[:300]
            f["features"] = sorted(feats)
            return f
    elif doc.is_encrypted or (doc.metadata or {}).get("encryption"):
        feats.add("encrypted-no-user-password")
    if doc.is_repaired:
        feats.add("repaired-xref")
    f["pages"] = doc.page_count
    if doc.page_count == 0:
        feats.add("zero-pages")
    try:
        if doc.version_count > 1:
            feats.add("incremental-update")
    except Exception:
        pass
    try:
        if doc.is_fast_webaccess:
            feats.add("linearized")
    except Exception:
        pass
    if doc.embfile_count():
        feats.add("attachments")
    try:
        if doc.get_ocgs():
            feats.add("optional-content")
    except Exception:
        pass
    try:
        if doc.get_toc():
            feats.add("outlines")
    except Exception:
        pass
    if doc.get_xml_metadata():
        feats.add("xmp")
    if doc.is_form_pdf:
        feats.add("acroform")
    try:
        xfa = doc.xref_get_key(doc.pdf_catalog(), "AcroForm/XFA")
        if xfa[0] != "null":
            feats.add("xfa")
    except Exception:
        pass
    try:
        if doc.xref_get_key(doc.pdf_catalog(), "StructTreeRoot")[0] != "null":
            feats.add("tagged")
    except Exception:
        pass
    text_chars = 0
    cjk = False
    maxdim = 0
    annot_types = set()
    nxref = doc.xref_length() if doc.is_pdf else 0
    for x in range(1, min(nxref, 20000)):
        try:
            obj = doc.xref_object(x, compressed=True)
        except Exception:
            continue
        if "/JS" in obj or "/JavaScript" in obj:
            feats.add("javascript")
        if "/Subtype/Form" in obj.replace(" ", "") and doc.xref_is_stream(x):
            feats.add("form-xobject")
        if "/Type3" in obj:
            feats.add("type3-font")
        if re.search(r"/Subtype\s*/(Type1|TrueType|Type0|MMType1|Type3)", obj) and "/ToUnicode" not in obj:
            feats.add("font-without-tounicode")
        if "/Sig" in obj and "/ByteRange" in obj:
            feats.add("signature")
        if "/Encrypt" in obj:
            pass
        for flt in ("JBIG2Decode", "CCITTFaxDecode", "DCTDecode", "JPXDecode", "LZWDecode", "ASCII85Decode", "ASCIIHexDecode", "RunLengthDecode"):
            if "/" + flt in obj:
                feats.add("filter-" + flt)
        m = re.search(r"/Subtype\s*/Image", obj)
        if m:
            w = re.search(r"/Width\s+(\d+)", obj); h = re.search(r"/Height\s+(\d+)", obj)
            if w and h:
                maxdim = max(maxdim, int(w.group(1)), int(h.group(1)))
    if maxdim >= 5000:
        feats.add("huge-image")
    f["max_image_dim"] = maxdim
    rotations = set()
    for i, page in enumerate(doc):
        if i >= 30:
            break
        try:
            if page.rotation:
                rotations.add(page.rotation)
            mb = page.mediabox
            if abs(mb.x0) > 0.01 or abs(mb.y0) > 0.01:
                feats.add("mediabox-not-at-origin")
            if page.cropbox != page.mediabox:
                feats.add("cropbox")
            if mb.width > 3000 or mb.height > 3000:
                feats.add("huge-page")
            t = page.get_text()
            text_chars += len(t.strip())
            if CJK.search(t):
                cjk = True
            for a in page.annots() or []:
                annot_types.add(a.type[1])
            if list(page.widgets()):
                feats.add("widgets")
            if page.get_images():
                feats.add("images")
            cont = b"".join(doc.xref_stream(c) or b"" for c in page.get_contents())
            if re.search(rb"(^|\s)BI\s.*?\sID\s", cont, re.S):
                feats.add("inline-image")
            if page.get_links():
                feats.add("links")
        except Exception as exc:
            feats.add("page-error")
    for r in rotations:
        feats.add(f"rotate-{r}")
    for t in annot_types:
        if t != "Widget":
            feats.add("annot-" + t)
    if cjk:
        feats.add("cjk-text")
    if text_chars == 0 and doc.page_count:
        feats.add("no-text-layer")
    f["text_chars"] = text_chars
    f["features"] = sorted(feats)
    f["warnings"] = pymupdf.TOOLS.mupdf_warnings()[:300]
    return f


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)))
