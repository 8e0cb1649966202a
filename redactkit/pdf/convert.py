"""Inputs that are not PDFs but arrive in case bundles: pictures and e-mail messages.

Photographed and scanned statements come as JPEG, PNG or TIFF files, and phone downloads and
correspondence as ``.eml`` messages. Each is turned into a PDF *in memory* every time it is
opened, so scan, review, apply and verify all read the same pages (the conversion is
deterministic) and nothing holding personal data is written beside the input:

* a picture becomes one page per frame (a multi-page TIFF, many pages), the image shown at its
  own resolution (300 dpi when the file does not say), turned upright by its EXIF orientation;
  its pages are then read by OCR like any scanned page;
* an e-mail message becomes a document of its headers, its body (the plain-text version, or
  the HTML one when there is no plain text) and a list of its attachments; every attachment that
  is a PDF, a picture, a text file or another message is a document of the bundle in its own
  right, addressed by its number in the message ("2", or "2.1" inside an attached message).

Why our own code: PyMuPDF opens pictures but does not apply EXIF orientation or guess a
resolution, and no library on PyPI renders a MIME message to PDF without a browser; the
rendering uses the standard ``email`` package and MuPDF's own HTML layout (``pymupdf.Story``),
which fetches nothing from the network.
"""

from __future__ import annotations

import email
import email.header
import email.message
import email.policy
import html
import io
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from email.message import EmailMessage

import pymupdf

from redactkit.core.errors import DamagedError, InputError, one_line

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp")
EMAIL_SUFFIXES = (".eml",)
PDF_MAGIC = b"%PDF-"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+", b"GIF87a", b"GIF89a", b"BM")
DEFAULT_DPI = 300  # a picture that does not say its resolution: a scan or a phone photo of a page
MAX_FRAMES = 2000
MAX_ATTACHMENTS = 500
PAGE = pymupdf.paper_rect("a4")
MARGIN = 56  # points: about 2 cm


def suffix_kind(name: str) -> str | None:
    """What a file found in a folder is, by its name: "pdf", "image", "email", or None."""
    lower = name.lower()
    if lower.endswith(".pdf"):
        return "pdf"
    if lower.endswith(IMAGE_SUFFIXES):
        return "image"
    if lower.endswith(EMAIL_SUFFIXES):
        return "email"
    return None


def content_kind(head: bytes, name: str) -> str | None:
    """What a file is, by its first bytes (and, for e-mail, which has no signature, its name).
    A file named .pdf is a PDF or nothing: a picture so named is refused, not guessed at."""
    if PDF_MAGIC in head:
        return "pdf"
    if name.lower().endswith(".pdf"):
        return None
    if head.startswith(IMAGE_MAGIC):
        return "image"
    if name.lower().endswith(EMAIL_SUFFIXES):
        return "email"
    return None


# ---- pictures -------------------------------------------------------------------------------

# what the picture may be, by its first bytes (content_kind): Pillow is asked for these formats
# only, so a file that starts like a PNG is never read as an EPS (Ghostscript) or anything else
PICTURE_FORMATS = ("JPEG", "PNG", "TIFF", "GIF", "BMP")  # a JPEG with more pictures (MPO) is read as JPEG
MAX_PICTURE_PIXELS = 178_956_970  # a frame larger than this is refused (Pillow's own bomb limit)
MAX_TOTAL_PIXELS = 1_000_000_000  # all frames together
MAX_PAGE_POINTS = 14_400  # the longest side a PDF page may have (200 inches): larger pictures get a finer dpi
DEEP_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")

# Pillow warns (on stderr) about odd EXIF, TIFF tags and big pictures; each is handled here, and
# a warning could quote a picture's metadata, so none reaches the user's terminal
warnings.filterwarnings("ignore", module=r"PIL(\..*)?$")


def _frame_dpi(frame) -> tuple[float, float]:
    """(horizontal, vertical) resolution. Faxes have different ones (204 x 98); 72 and 96 are
    what cameras and screenshots write when they know nothing of paper; nonsense is ignored."""
    dpi = frame.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError, ZeroDivisionError, OverflowError):
        return DEFAULT_DPI, DEFAULT_DPI
    if x == y:
        return (x, y) if 100 <= x <= 1200 else (DEFAULT_DPI, DEFAULT_DPI)
    if 50 <= min(x, y) and max(x, y) <= 1200 and max(x, y) <= 4 * min(x, y):
        return x, y
    return DEFAULT_DPI, DEFAULT_DPI


def _bits_per_sample(frame) -> int | None:
    try:
        bits = frame.tag_v2.get(258) if hasattr(frame, "tag_v2") else None
        bits = bits[0] if isinstance(bits, tuple) else bits
        return int(bits) if bits else None
    except Exception:
        return None


def _eight_bit(frame):
    """An 8-bit version of a 16-bit, 32-bit or floating-point grey frame, as a viewer shows it:
    16-bit samples scaled from their full range (12 bits when the TIFF says so), 32-bit or
    floating-point ones (measurements, not photographs) stretched from their least to their most."""
    import numpy as np
    from PIL import Image

    values = np.asarray(frame).astype(np.float64)
    finite = values[np.isfinite(values)]
    if frame.mode.startswith("I;16"):
        bits = _bits_per_sample(frame)
        top = float(2 ** bits - 1) if bits and 8 < bits < 16 else 65535.0
        low = 0.0
    elif frame.mode == "I" and finite.size and finite.min() >= 0 and finite.max() <= 255:
        top, low = 255.0, 0.0
    elif frame.mode == "I" and finite.size and finite.min() >= 0 and finite.max() <= 65535:
        top, low = 65535.0, 0.0
    else:
        low = float(finite.min()) if finite.size else 0.0
        top = float(finite.max()) if finite.size else 1.0
    span = top - low if top > low else 1.0
    scaled = np.nan_to_num((values - low) * (255.0 / span), nan=0.0, posinf=255.0, neginf=0.0)
    return Image.fromarray(np.clip(np.rint(scaled), 0, 255).astype(np.uint8), "L")


def _transparent_mask(frame):
    """For a frame that names one colour transparent (PNG's tRNS, GIF's transparency index) or
    has an alpha channel: the mask of the pixels a viewer shows (255) and of those it leaves to
    the paper (0); None when every pixel shows."""
    import numpy as np
    from PIL import Image

    if frame.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (frame.mode == "P" and "transparency" in frame.info):
        try:
            return frame.convert("RGBA").getchannel("A")
        except Exception:
            return None
    key = frame.info.get("transparency")
    if key is None or isinstance(key, bytes):
        return None
    values = np.asarray(frame)
    if frame.mode == "1":
        values = values.astype(np.uint8) * 255
    try:
        if values.ndim == 3:
            shown = np.any(values[..., :len(key)] != np.asarray(key, dtype=values.dtype), axis=-1)
        else:
            shown = values != key
    except (TypeError, ValueError):
        return None
    if shown.all():
        return None
    return Image.fromarray(shown.astype(np.uint8) * 255, "L")


def _on_paper(frame):
    """The frame as it is shown on white paper: mode "1", "L" or "RGB"."""
    from PIL import Image

    mask = _transparent_mask(frame)
    if frame.mode in DEEP_MODES:
        shown = _eight_bit(frame)
    elif frame.mode in ("1", "L", "RGB"):
        shown = frame
    elif frame.mode in ("LA", "La"):
        shown = frame.getchannel(0)
    elif frame.mode in ("P", "RGBa"):
        shown = frame.convert("RGBA").convert("RGB")
    else:  # CMYK, YCbCr, LAB, HSV, RGBA, RGBX, PA ...
        shown = frame.convert("RGB")
    if mask is None:
        return shown
    if shown.mode == "1":
        shown = shown.convert("L")
    paper = Image.new(shown.mode, shown.size, 255 if shown.mode == "L" else (255, 255, 255))
    paper.paste(shown, mask=mask)
    return paper


def _orientation(frame) -> int:
    try:
        return int(frame.getexif().get(0x0112) or 1)
    except Exception:
        return 1


def _upright(frame):
    """The frame turned as its EXIF (or TIFF or XMP) orientation says; unturned when that
    metadata cannot be read (a wrong turn hides nothing: the page is still read by OCR whichever
    way up it is)."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(frame)
    except Exception:
        return frame


def _jpeg_as_is(data: bytes, frame, shown, doc, page) -> bool:
    """Put an untouched JPEG on the page as it is (its own DCT data: no second encoding, a
    tenth of the size and of the time); only when MuPDF decodes it to the pixels Pillow did."""
    import numpy as np

    try:
        xref = page.insert_image(page.rect, stream=data, keep_proportion=False)
        pix = pymupdf.Pixmap(doc, xref)
        if (pix.width, pix.height) != shown.size or pix.n - pix.alpha != (1 if shown.mode == "L" else 3):
            return False
        theirs = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[..., :pix.n - pix.alpha]
        ours = np.asarray(shown).reshape(theirs.shape)
        return float(np.abs(theirs.astype(np.int16) - ours).mean()) < 2.0
    except Exception:
        return False


def _put_frame(doc, shown, width: float, height: float) -> None:
    page = doc.new_page(width=width, height=height)
    if shown.mode == "1":  # PNG keeps black-and-white at one bit a pixel, and is quick to make
        encoded = io.BytesIO()
        shown.save(encoded, format="PNG")
        page.insert_image(page.rect, stream=encoded.getvalue(), keep_proportion=False)
        return
    space = pymupdf.csGRAY if shown.mode == "L" else pymupdf.csRGB
    pix = pymupdf.Pixmap(space, shown.width, shown.height, shown.tobytes(), False)
    page.insert_image(page.rect, pixmap=pix, keep_proportion=False)


def _page_size(size: tuple[int, int], dpi: tuple[float, float]) -> tuple[float, float]:
    width, height = size[0] * 72 / dpi[0], size[1] * 72 / dpi[1]
    longest = max(width, height)
    if longest > MAX_PAGE_POINTS:  # a finer resolution, same shape
        width, height = width * MAX_PAGE_POINTS / longest, height * MAX_PAGE_POINTS / longest
    return max(width, 1.0), max(height, 1.0)


def _open_picture(data: bytes, path: str):
    from PIL import Image, UnidentifiedImageError

    Image.init()  # every format's reader registered (MPO's is not among the first ones)
    try:
        return Image.open(io.BytesIO(data), formats=PICTURE_FORMATS)
    except UnidentifiedImageError:
        # it starts like a picture (content_kind) but its format's reader does not know it
        raise DamagedError("damaged picture, cannot be read (not a valid JPEG, PNG, TIFF, GIF or BMP)",
                           path=path) from None
    except Image.DecompressionBombError:
        raise InputError("picture too large (a decompression bomb?)", path=path) from None
    except Exception as exc:
        raise _picture_error(exc, path) from None


def _picture_error(exc: Exception, path: str) -> InputError:
    text = one_line(exc)
    if re.search(r"too large|exceeds limit", text, re.IGNORECASE):  # a chunk that inflates without bound
        return InputError(f"picture too large ({text})", path=path)
    if re.search(r"unsupported|not supported|unknown (pixel|raw|compression)", text, re.IGNORECASE):
        return InputError(f"a kind of picture redactkit cannot read ({text})", path=path)
    return DamagedError(f"damaged picture, cannot be read ({text})", path=path)


def picture_to_pdf(data: bytes, path: str) -> bytes:
    """A PDF of the picture's frames, one page each, each page the frame's size at its resolution."""
    from PIL import Image, ImageSequence

    picture = _open_picture(data, path)
    out = pymupdf.open()
    total = 0
    with picture:
        try:
            single_jpeg = picture.format == "JPEG" and getattr(picture, "n_frames", 1) == 1
            for count, frame in enumerate(ImageSequence.Iterator(picture)):
                if count >= MAX_FRAMES:
                    raise InputError(f"too many frames (over {MAX_FRAMES})", path=path)
                width, height = frame.size
                total += width * height
                if width * height > MAX_PICTURE_PIXELS or total > MAX_TOTAL_PIXELS:
                    raise InputError(f"picture too large ({width} x {height} pixels)", path=path)
                if width <= 0 or height <= 0:
                    raise DamagedError(f"damaged picture ({width} x {height} pixels)", path=path)
                frame.load()
                dpi = _frame_dpi(frame)
                turned = _orientation(frame) in (5, 6, 7, 8)
                upright = _upright(frame)
                if turned and upright.size == (height, width):
                    dpi = (dpi[1], dpi[0])
                shown = _on_paper(upright)
                page_width, page_height = _page_size(shown.size, dpi)
                if single_jpeg and _orientation(frame) == 1 and shown is upright and shown.mode in ("L", "RGB"):
                    page = out.new_page(width=page_width, height=page_height)
                    if _jpeg_as_is(data, frame, shown, out, page):
                        continue
                    out.delete_page(-1)
                _put_frame(out, shown, page_width, page_height)
        except InputError:
            raise
        except Image.DecompressionBombError:
            raise InputError("picture too large (a decompression bomb?)", path=path) from None
        except MemoryError:
            raise InputError("picture too large to convert in the memory available", path=path) from None
        except Exception as exc:  # truncated or corrupt image data
            raise _picture_error(exc, path) from None
    if out.page_count == 0:
        raise DamagedError("the picture has no frames", path=path)
    return out.tobytes(garbage=1, deflate=True, compression_effort=15)


# ---- e-mail ---------------------------------------------------------------------------------

MAX_NESTING = 8  # messages attached inside attached messages, deeper than this are not opened
MAX_RENDER_PAGES = 5000  # a message (or text attachment) longer than this is refused, not cut short
LINE_POINTS = 430  # a run of text without a space wider than this is broken (the text box is 473 wide)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Outlook .msg file (a compound document)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WIDE = 0x2E80  # from here on (CJK and the like) a character is about an em wide


@dataclass(frozen=True)
class Attachment:
    """One attachment of a message: its number, what it is, and its bytes."""

    number: str  # "2", or "2.1" for the first attachment of an attached message (attachment 2)
    filename: str  # as the message names it (may be personal data: only shown inside the document)
    content_type: str
    kind: str | None  # "pdf", "image", "email", "text", or None: not processed
    data: bytes
    charset: str | None = None  # a text attachment's, as the message declares it


def parse_message(data: bytes, path: str, strict: bool = True) -> EmailMessage:
    """The message, or InputError when the bytes are not an e-mail message. strict=False for a
    part the message itself declares a message (message/rfc822), headers or not."""
    if data.startswith(OLE_MAGIC):
        raise InputError("not an e-mail message but an Outlook .msg file: save the message as .eml",
                         path=path)
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        names = message.keys()
    except Exception as exc:
        raise DamagedError(f"damaged e-mail message ({one_line(exc)})", path=path) from None
    if not names and (first := _HEADER_LINE.search(data[:4096])):
        # a first line or two garbled (no colon): the headers start where a known one does
        message = email.message_from_bytes(data[first.start():], policy=email.policy.default)
        names = message.keys()
    if strict and not names:
        raise InputError("not an e-mail message (no message headers)", path=path)
    return message


_HEADER_LINE = re.compile(rb"^(From|To|Cc|Subject|Date|Message-ID|MIME-Version|Content-Type|Received|Return-Path"
                          rb"|Reply-To|Sender):[ \t]", re.IGNORECASE | re.MULTILINE)


def _ctype(part) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "application/octet-stream"


def _filename(part) -> str:
    try:
        return _clean(str(part.get_filename() or ""))
    except Exception:  # a broken RFC 2231 parameter
        return ""


def _is_message(ctype: str) -> bool:
    return ctype in ("message/rfc822", "message/global")


def _walk(part, with_body: bool = True):
    """("body", part) and ("attachment", part) in the message's order. Of the versions of one
    body (multipart/alternative) only the plain text is kept, or the HTML when there is none;
    what else an alternative holds (the HTML's inline pictures) is attached. A part that says it
    is multipart but has no parts (its boundary never comes) and a report (message/delivery-status)
    are text of the body."""
    ctype = _ctype(part)
    if _is_message(ctype):
        yield "attachment", part
        return
    maintype = ctype.split("/")[0]
    if part.is_multipart() and maintype == "multipart":
        subs = list(part.iter_parts())
        if ctype == "multipart/alternative":
            texts = [s for s in subs if not s.is_multipart() and _ctype(s) in ("text/plain", "text/html")]
            chosen = next((s for s in texts if _ctype(s) == "text/plain"), texts[0] if texts else None)
            for sub in subs:
                if sub in texts:
                    if sub is chosen and with_body:
                        yield "body", sub
                else:
                    yield from _walk(sub, with_body and chosen is None)
            return
        for sub in subs:
            yield from _walk(sub, with_body)
        return
    if maintype in ("multipart", "message"):
        if with_body:
            yield "body", part
        return
    inline_text = (ctype in ("text/plain", "text/html") and part.get_content_disposition() != "attachment"
                   and not _filename(part))
    if inline_text:
        if with_body:
            yield "body", part
        return
    yield "attachment", part


def _payload(part) -> bytes:
    if _is_message(_ctype(part)):
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(inner, email.message.Message):
            try:
                return inner.as_bytes()
            except Exception:
                return str(inner).encode("utf-8", "surrogateescape")
    try:  # an attached message sent base64-encoded is a string payload: decoded here
        return part.get_payload(decode=True) or b""
    except Exception:
        return b""


# attachments that say they are a PDF or a picture redactkit reads are documents, readable or not
# (one that cannot be read is then reported as damaged, not passed over as "not processed")
DECLARED = {"application/pdf": "pdf", "application/x-pdf": "pdf", "image/jpeg": "image", "image/jpg": "image",
            "image/pjpeg": "image", "image/png": "image", "image/tiff": "image", "image/gif": "image",
            "image/bmp": "image", "image/x-bmp": "image", "image/x-ms-bmp": "image"}


def _kind(part, data: bytes) -> str | None:
    ctype = _ctype(part)
    if _is_message(ctype):
        return "email"
    name = _filename(part)
    found = content_kind(data[:1024], name)
    if found:
        return found
    declared = DECLARED.get(ctype) or suffix_kind(name)
    if declared in ("pdf", "image"):
        return declared
    if ctype.startswith("text/"):
        return "text"
    return None


def _charset(part) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:
        return None


def attachments(message: EmailMessage, prefix: str = "") -> list[Attachment]:
    """Every attachment of the message, attached messages' own attachments after them (at most
    MAX_ATTACHMENTS in all, MAX_NESTING messages deep). DamagedError when the structure cannot
    be walked."""
    found: list[Attachment] = []
    try:
        _attachments(message, prefix, found, 0)
    except InputError:
        raise
    except Exception as exc:  # a structure the email package cannot walk (or nested too deep)
        raise DamagedError(f"damaged e-mail message ({one_line(exc)})") from None
    return found


def _attachments(message, prefix: str, found: list[Attachment], depth: int) -> None:
    number = 0
    for role, part in _walk(message):
        if role != "attachment":
            continue
        if len(found) >= MAX_ATTACHMENTS:
            return
        number += 1
        data = _payload(part)
        label = f"{prefix}{number}"
        kind = _kind(part, data)
        found.append(Attachment(label, _filename(part), _ctype(part), kind, data, _charset(part)))
        if kind == "email" and depth < MAX_NESTING:
            try:
                inner = email.message_from_bytes(data, policy=email.policy.default)
            except Exception:  # listed as an attachment; opening it reports the damage
                continue
            _attachments(inner, f"{label}.", found, depth + 1)


def _decode(raw: bytes, charset: str | None) -> str:
    """Text from bytes: by its byte-order mark, its declared charset, UTF-8, or else Windows-1252
    (what a message that declares nothing, or an unknown or wrong charset, most often holds)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    for name in (charset, "utf-8"):
        if not name:
            continue
        try:
            return raw.decode(name)
        except (LookupError, UnicodeError, ValueError, TypeError):
            continue
    return raw.decode("cp1252", errors="replace")


def _clean(text: str) -> str:
    """Text fit to be laid out: bytes the email package could not decode (kept as surrogates)
    decoded as UTF-8 or Windows-1252, control characters removed."""
    try:
        text = _decode(text.encode("utf-8", "surrogateescape"), "utf-8")
    except UnicodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _text(part) -> str:
    maintype = _ctype(part).split("/")[0]
    try:
        payload = part.get_payload()
    except Exception:
        payload = None
    if maintype == "message" and isinstance(payload, list):  # a delivery report's header blocks
        blocks = []
        for block in payload:
            try:
                blocks.append(block.as_string() if hasattr(block, "as_string") else str(block))
            except Exception:
                continue
        return _clean("\n".join(blocks))
    if maintype == "multipart" and isinstance(payload, str):  # its boundary never came: raw text
        return _clean(payload)
    try:
        raw = part.get_payload(decode=True) or b""
    except Exception:  # a broken transfer encoding
        raw = payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""
    return _clean(_decode(raw, _charset(part)))


_FONT = pymupdf.Font("cour")  # Nimbus Mono, which Story lays the text out in, has Courier's widths
_RUN = re.compile(r"[^\s<>&]{20,}")


@lru_cache(maxsize=4096)
def _char_width(char: str) -> float:
    return 10.0 if ord(char) >= _WIDE else max(_FONT.text_length(char, fontsize=10), 2.5)


def _break_runs(text: str, mark: str) -> str:
    """Long runs of text without a space (a URL, a base64 blob, a list of addresses) broken by
    mark where they would overrun the line: Story does not break a word, and the rest of it is
    drawn past the edge of the page, clipped, where no one reads it."""
    def cut(match: re.Match) -> str:
        run = match.group(0)
        if len(run) * 2.5 <= LINE_POINTS or sum(map(_char_width, run)) <= LINE_POINTS:
            return run
        pieces, start, width = [], 0, 0.0
        for index, char in enumerate(run):
            width += _char_width(char)
            if width > LINE_POINTS:
                pieces.append(run[start:index])
                start, width = index, _char_width(char)
        pieces.append(run[start:])
        return mark.join(pieces)
    return _RUN.sub(cut, text)


def _plain_html(text: str) -> str:
    """Plain text as paragraphs, one per line, so line breaks stay where the writer put them."""
    lines = _clean(text).split("\n")
    return "\n".join(f"<p>{_break_runs(html.escape(line), '<br/>') if line.strip() else '&#160;'}</p>"
                     for line in lines)


_DROP = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.IGNORECASE | re.DOTALL)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_TEXT_NODE = re.compile(r"(?<=>)[^<]+|^[^<]+")
_BREAKS = re.compile(r"<\s*(br|/p|/div|/tr|/li|/h[1-6]|/table|hr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _html_body(source: str) -> str:
    """The body of an HTML message, without scripts, styles or pictures (inline pictures are
    attachments of their own; remote ones are never fetched)."""
    source = _clean(source)
    inner = _BODY.search(source)
    source = inner.group(1) if inner else source
    source = _IMG.sub("", _DROP.sub("", source))
    return _TEXT_NODE.sub(lambda m: _break_runs(m.group(0), "<br/>"), source)


def _html_text(source: str) -> str:
    """What an HTML body says, as plain text: for a body Story cannot lay out inside the page."""
    inner = _BODY.search(source)
    source = inner.group(1) if inner else source
    source = _BREAKS.sub("\n", _IMG.sub("", _DROP.sub("", source)))
    return html.unescape(_TAG.sub("", source))


def _header_values(message, name: str) -> list[str]:
    try:
        return [_clean(str(value)) for value in message.get_all(name) or []]
    except Exception:  # a header the email package cannot parse: shown as written
        pass
    values = []
    try:
        for key, value in message.raw_items():
            if key.lower() == name.lower():
                try:
                    values.append(_clean(str(email.header.make_header(email.header.decode_header(value)))))
                except Exception:
                    values.append(_clean(str(value)))
    except Exception:
        return []
    return values


def _headers(message: EmailMessage) -> str:
    rows = []
    for name in ("From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Date", "Subject"):
        for value in _header_values(message, name):
            rows.append(f"<tr><td><b>{name}:</b></td><td>{_break_runs(html.escape(value), '<br/>')}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def _listing(found: list[Attachment], document_of, prefix: str) -> str:
    items = []
    for item in found:
        if "." in item.number[len(prefix):]:
            continue  # listed in the attached message's own document
        where = f"redacted as {document_of(item.number)}" if item.kind else "not processed"
        name = _break_runs(html.escape(item.filename), "<br/>") if item.filename else "(no name)"
        items.append(f"<p>Attachment {item.number}: {name} ({html.escape(item.content_type)}): {where}</p>")
    return "<hr/><p><b>Attachments</b></p>" + "".join(items) if items else ""


STYLE = "body, p, td, pre, tt, code {font-family: monospace; font-size: 10pt;} p {margin: 0;} td {vertical-align: top; padding-right: 6pt;}"


def _render(body_html: str) -> bytes:
    story = pymupdf.Story(html=f"<html><head><style>{STYLE}</style></head><body>{body_html}</body></html>")
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    where = PAGE + (MARGIN, MARGIN, -MARGIN, -MARGIN)
    more, pages = True, 0
    while more:
        if pages >= MAX_RENDER_PAGES:
            writer.close()
            raise InputError(f"too long to lay out as a document (over {MAX_RENDER_PAGES} pages)")
        device = writer.begin_page(PAGE)
        more, _filled = story.place(where)
        story.draw(device)
        writer.end_page()
        pages += 1
    writer.close()
    return buffer.getvalue()


def _overruns(pdf: bytes) -> bool:
    """Does any text lie outside the text box (a table wider than the page, preformatted text)?
    It is drawn clipped, where no one reads it."""
    where = PAGE + (MARGIN - 1, MARGIN - 1, 1 - MARGIN, 1 - MARGIN)
    with pymupdf.open("pdf", pdf) as doc:
        for page in doc:
            for span in page.get_texttrace():
                x0, y0, x1, y1 = span["bbox"]
                if x0 < where.x0 or x1 > where.x1 or y0 < where.y0 - 12 or y1 > where.y1 + 12:
                    return True
    return False


def _render_html(body_html: str, plain: str) -> bytes:
    """The HTML laid out, or, where its text would run off the page, plain as plain text."""
    try:
        pdf = _render(body_html)
        if not _overruns(pdf):
            return pdf
    except InputError:
        raise
    except Exception:  # HTML MuPDF cannot lay out
        pass
    return _render(_plain_html(plain))


def message_to_pdf(message: EmailMessage, document_of, prefix: str = "") -> bytes:
    """The message as a document: headers, body, and the list of its attachments (document_of
    names the document an attachment becomes; prefix numbers an attached message's own)."""
    try:
        parts, plain = [_headers(message), "<hr/>"], [_headers_text(message)]
        html_body = False
        for role, part in _walk(message):
            if role == "body":
                text = _text(part)
                if _ctype(part) == "text/html":
                    html_body = True
                    parts.append(_html_body(text))
                    plain.append(_html_text(text))
                else:
                    parts.append(_plain_html(text))
                    plain.append(text)
        found = attachments(message, prefix)
        listing = _listing(found, document_of, prefix)
    except InputError:
        raise
    except Exception as exc:  # a structure the email package cannot walk
        raise DamagedError(f"damaged e-mail message ({one_line(exc)})") from None
    parts.append(listing)
    if not html_body:
        return _render("".join(parts))
    return _render_html("".join(parts), "\n".join(plain) + "\n" + _html_text(listing))


def _headers_text(message) -> str:
    return "\n".join(f"{name}: {value}" for name in ("From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Date",
                                                     "Subject") for value in _header_values(message, name))


def text_to_pdf(data: bytes, charset: str | None = None, content_type: str = "text/plain") -> bytes:
    """A text attachment as a document (an HTML one laid out as HTML)."""
    text = _decode(data, charset)
    if content_type == "text/html":
        return _render_html(_html_body(text), _html_text(text))
    return _render(_plain_html(text))
