"""Build scanned pages the way scanners and phones make them, for the OCR tests.

A typed page is rendered to pixels (greyscale, colour or 1-bit), optionally skewed a few degrees
or turned, and placed in a new PDF as a picture with no text layer: as Flate, JPEG, CCITT G4 or
JBIG2 (generic region, MMR coded) image data, or as a 1-bit stencil mask. The JBIG2 and CCITT
streams are written by hand from the G4 data Pillow's libtiff makes, since nothing on PyPI
encodes JBIG2.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pymupdf
from PIL import Image, TiffImagePlugin

A4 = (595, 842)


def typed_page(lines: list[str], size=A4, fontsize: float = 12, top: float = 120,
               fontname: str = "cour") -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=size[0], height=size[1])
    y = top
    for line in lines:
        page.insert_text((60, y), line, fontname=fontname, fontsize=fontsize)
        y += fontsize * 2.2
    return doc


def scan_image(lines: list[str], dpi: int = 200, mode: str = "L", skew: float = 0.0, turn: int = 0,
               size=A4, fontname: str = "cour") -> Image.Image:
    """The typed lines as a scanner would see them: mode L (grey), RGB or 1 (bilevel)."""
    with typed_page(lines, size, fontname=fontname) as doc:
        pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB)
        img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    if skew:
        img = img.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor="white")
    if turn:
        img = img.rotate(-turn, expand=True)  # clockwise, as a sheet fed sideways
    if mode == "1":
        return img.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
    return img.convert(mode)


def _g4(img: Image.Image) -> bytes:
    """CCITT Group 4 data of a 1-bit image, one strip, most significant bit first."""
    buf = io.BytesIO()
    img.save(buf, "TIFF", compression="group4", tiffinfo={278: img.height})
    buf.seek(0)
    with Image.open(buf) as tif:
        offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
        photometric = tif.tag_v2[262]
    data = buf.getvalue()
    assert len(offsets) == 1, "expected a single strip"
    return data[offsets[0]:offsets[0] + counts[0]], photometric


def _jbig2(width: int, height: int, g4: bytes) -> bytes:
    """An embedded JBIG2 stream (PDF JBIG2Decode): page information, then one immediate lossless
    generic region coded with MMR (which is T.6, the same coding as CCITT G4)."""
    def segment(number: int, kind: int, data: bytes) -> bytes:
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page_info = struct.pack(">IIIIBH", width, height, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", width, height, 0, 0, 0) + bytes([0x01])  # MMR = 1
    return segment(0, 48, page_info) + segment(1, 39, region + g4)


def _add_raw_image(doc: pymupdf.Document, page: pymupdf.Page, width: int, height: int, stream: bytes,
                   dictionary: str, matrix: str) -> None:
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, stream, compress=False)
    # after update_stream, which would reset /Filter
    doc.update_object(xref, f"<</Type/XObject/Subtype/Image/Width {width}/Height {height}{dictionary}"
                            f"/Length {len(stream)}>>")
    page_xref = page.xref
    doc.xref_set_key(page_xref, "Resources", f"<</XObject<</Scan {xref} 0 R>>>>")
    content = doc.get_new_xref()
    doc.update_object(content, "<<>>")
    doc.update_stream(content, f"q {matrix} cm /Scan Do Q".encode())
    doc.xref_set_key(page_xref, "Contents", f"{content} 0 R")


def scanned_pdf(path: Path, lines: list[str], *, dpi: int = 200, mode: str = "L", skew: float = 0.0,
                turn: int = 0, page_rotation: int = 0, encoding: str = "flate", angle: float = 0.0,
                size=A4, fontname: str = "cour") -> Path:
    """Write a one-page scan of lines to path.

    encoding: flate, jpeg, ccitt, jbig2 or mask (a 1-bit stencil painted black).
    turn: the picture is placed turned clockwise by this much (the page shape follows it).
    angle: the picture is drawn with a rotated (not axis-aligned) transform of this many degrees.
    """
    img = scan_image(lines, dpi, "1" if encoding in ("ccitt", "jbig2", "mask") else mode, skew, turn, size, fontname)
    w_pt, h_pt = (size[1], size[0]) if turn in (90, 270) else size
    doc = pymupdf.open()
    page = doc.new_page(width=w_pt, height=h_pt)
    if encoding in ("flate", "jpeg"):
        buf = io.BytesIO()
        img.save(buf, "JPEG" if encoding == "jpeg" else "PNG", quality=85)
        page.insert_image(page.rect, stream=buf.getvalue())
    else:
        g4, photometric = _g4(img)
        place = f"{w_pt} 0 0 {h_pt} 0 0"
        fax = f"/Filter/CCITTFaxDecode/DecodeParms<</K -1/Columns {img.width}/Rows {img.height}" \
              f"/BlackIs1 {'true' if photometric == 1 else 'false'}>>"
        if encoding == "ccitt":
            _add_raw_image(doc, page, img.width, img.height, g4, "/ColorSpace/DeviceGray/BitsPerComponent 1" + fax, place)
        elif encoding == "mask":  # black pixels paint the fill colour, white ones leave the page alone
            _add_raw_image(doc, page, img.width, img.height, g4, "/ImageMask true/BitsPerComponent 1" + fax, place)
        else:  # JBIG2 bitmaps say 1 for ink: code the ink as fax "black" runs
            if photometric == 1:
                g4, _ = _g4(img.point(lambda v: 255 - v))
            _add_raw_image(doc, page, img.width, img.height, _jbig2(img.width, img.height, g4),
                           "/ColorSpace/DeviceGray/BitsPerComponent 1/Filter/JBIG2Decode", place)
    if angle:
        _turn_drawing(doc, page, angle)
    if page_rotation:
        page.set_rotation(page_rotation)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def _turn_drawing(doc: pymupdf.Document, page: pymupdf.Page, angle: float) -> None:
    """Wrap the page's content in a rotation about its centre (a photo pasted in at an angle),
    shrunk so the turned picture still fits on the page."""
    import math

    w, h = page.rect.width, page.rect.height
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    scale = min(w / (w * abs(c) + h * abs(s)), h / (w * abs(s) + h * abs(c)))
    # PDF space: about the centre (w/2, h/2)
    m = pymupdf.Matrix(1, 0, 0, 1, -w / 2, -h / 2) * pymupdf.Matrix(scale * c, scale * s, -scale * s, scale * c, 0, 0) \
        * pymupdf.Matrix(1, 0, 0, 1, w / 2, h / 2)
    xrefs = page.get_contents()
    body = b"".join(doc.xref_stream(x) for x in xrefs)
    doc.update_stream(xrefs[0], f"q {m.a:.5f} {m.b:.5f} {m.c:.5f} {m.d:.5f} {m.e:.3f} {m.f:.3f} cm\n".encode() + body + b"\nQ")
    for x in xrefs[1:]:
        doc.update_stream(x, b"")
