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
import email.policy
import html
import io
import re
from dataclasses import dataclass
from email.message import EmailMessage

import pymupdf

from redactkit.core.errors import DamagedError, InputError, one_line

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp")
EMAIL_SUFFIXES = (".eml",)
PDF_MAGIC = b"%PDF-"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a", b"BM")
DEFAULT_DPI = 300  # a picture that does not say its resolution: a scan or a phone photo of a page
MAX_PICTURE_PIXELS = 200_000_000  # a frame larger than this is refused (a decompression bomb)
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


def is_converted(kind: str) -> bool:
    return kind != "pdf"


# ---- pictures -------------------------------------------------------------------------------


def _frame_dpi(frame) -> float:
    dpi = frame.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    # 72 and 96 are what cameras and screenshots write when they know nothing of paper
    return value if 100 <= value <= 1200 else DEFAULT_DPI


def picture_to_pdf(data: bytes, path: str) -> bytes:
    """A PDF of the picture's frames, one page each, each page the frame's size at its resolution."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise InputError("not a picture redactkit can read", path=path) from None
    except Image.DecompressionBombError:
        raise InputError("picture too large (a decompression bomb?)", path=path) from None
    except Exception as exc:
        raise DamagedError(f"damaged picture, cannot be read ({one_line(exc)})", path=path) from None
    out = pymupdf.open()
    with picture:
        try:
            for count, frame in enumerate(ImageSequence.Iterator(picture)):
                if count >= MAX_FRAMES:
                    raise InputError(f"too many frames (over {MAX_FRAMES})", path=path)
                width, height = frame.size
                if width * height > MAX_PICTURE_PIXELS or width <= 0 or height <= 0:
                    raise InputError(f"picture too large ({width} x {height} pixels)", path=path)
                dpi = _frame_dpi(frame)
                upright = ImageOps.exif_transpose(frame)
                if upright.mode not in ("1", "L", "RGB"):
                    upright = upright.convert("RGBA" if "A" in upright.mode or "transparency" in upright.info
                                              else "RGB")
                if upright.mode == "RGBA":  # shown on white paper, as a viewer shows it
                    paper = Image.new("RGB", upright.size, "white")
                    paper.paste(upright, mask=upright.getchannel("A"))
                    upright = paper
                encoded = io.BytesIO()
                upright.save(encoded, format="PNG")
                w, h = upright.size
                page = out.new_page(width=w * 72 / dpi, height=h * 72 / dpi)
                page.insert_image(page.rect, stream=encoded.getvalue())
        except InputError:
            raise
        except Image.DecompressionBombError:
            raise InputError("picture too large (a decompression bomb?)", path=path) from None
        except Exception as exc:  # truncated or corrupt image data
            raise DamagedError(f"damaged picture, cannot be read ({one_line(exc)})", path=path) from None
    if out.page_count == 0:
        raise DamagedError("the picture has no frames", path=path)
    return out.tobytes(garbage=0, deflate=True)


# ---- e-mail ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """One attachment of a message: its number, what it is, and its bytes."""

    number: str  # "2", or "2.1" for the first attachment of an attached message (attachment 2)
    filename: str  # as the message names it (may be personal data: only shown inside the document)
    content_type: str
    kind: str | None  # "pdf", "image", "email", "text", or None: not processed
    data: bytes


def parse_message(data: bytes, path: str) -> EmailMessage:
    """The message, or InputError when the bytes are not an e-mail message."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:
        raise DamagedError(f"damaged e-mail message ({one_line(exc)})", path=path) from None
    if not any(message.get(name) for name in ("From", "To", "Subject", "Date", "Message-ID")):
        raise InputError("not an e-mail message (no From, To, Subject or Date header)", path=path)
    return message


def _walk(part, with_body: bool = True):
    """("body", part) and ("attachment", part) in the message's order. Of the versions of one
    body (multipart/alternative) only the plain text is kept, or the HTML when there is none;
    what else an alternative holds (the HTML's inline pictures) is attached."""
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        yield "attachment", part
        return
    if part.is_multipart():
        subs = list(part.iter_parts())
        if ctype == "multipart/alternative":
            texts = [s for s in subs if not s.is_multipart() and s.get_content_type() in ("text/plain", "text/html")]
            chosen = next((s for s in texts if s.get_content_type() == "text/plain"), texts[0] if texts else None)
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
    inline_text = (ctype in ("text/plain", "text/html") and part.get_content_disposition() != "attachment"
                   and not part.get_filename())
    if inline_text:
        if with_body:
            yield "body", part
        return
    yield "attachment", part


def _payload(part) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if hasattr(inner, "as_bytes") else b""
    try:
        return part.get_payload(decode=True) or b""
    except Exception:
        return b""


def _kind(part, data: bytes) -> str | None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        return "email"
    found = content_kind(data[:1024], part.get_filename() or "")
    if found:
        return found
    if part.get_content_maintype() == "text":
        return "text"
    return None


def attachments(message: EmailMessage, prefix: str = "") -> list[Attachment]:
    """Every attachment of the message, attached messages' own attachments after them."""
    found: list[Attachment] = []
    number = 0
    for role, part in _walk(message):
        if role != "attachment":
            continue
        number += 1
        if number > MAX_ATTACHMENTS:
            break
        data = _payload(part)
        label = f"{prefix}{number}"
        kind = _kind(part, data)
        found.append(Attachment(label, str(part.get_filename() or ""), part.get_content_type(), kind, data))
        if kind == "email":
            try:
                inner = email.message_from_bytes(data, policy=email.policy.default)
            except Exception:
                continue
            found.extend(attachments(inner, prefix=f"{label}."))
    return found


def _text(part) -> str:
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except Exception:  # an unknown charset, a broken transfer encoding
        pass
    raw = part.get_payload(decode=True) or b""
    return raw.decode("utf-8", errors="replace")


def _plain_html(text: str) -> str:
    """Plain text as paragraphs, one per line, so line breaks stay where the writer put them."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(f"<p>{html.escape(line) if line.strip() else '&#160;'}</p>" for line in lines)


_DROP = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.I | re.S)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.I | re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.I)


def _html_body(source: str) -> str:
    """The body of an HTML message, without scripts, styles or pictures (inline pictures are
    attachments of their own; remote ones are never fetched)."""
    inner = _BODY.search(source)
    source = inner.group(1) if inner else source
    return _IMG.sub("", _DROP.sub("", source))


def _headers(message: EmailMessage) -> str:
    rows = []
    for name in ("From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Date", "Subject"):
        try:
            values = message.get_all(name) or []
        except Exception:
            values = []
        for value in values:
            rows.append(f"<tr><td><b>{name}:</b></td><td>{html.escape(str(value))}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def _listing(found: list[Attachment], document_of, prefix: str) -> str:
    items = []
    for item in found:
        if "." in item.number[len(prefix):]:
            continue  # listed in the attached message's own document
        where = f"redacted as {document_of(item.number)}" if item.kind else "not processed"
        name = html.escape(item.filename) if item.filename else "(no name)"
        items.append(f"<p>Attachment {item.number}: {name} ({html.escape(item.content_type)}): {where}</p>")
    return "<hr/><p><b>Attachments</b></p>" + "".join(items) if items else ""


STYLE = "body, p, td {font-family: sans-serif; font-size: 10pt;} p {margin: 0;} td {vertical-align: top; padding-right: 6pt;}"


def _render(body_html: str) -> bytes:
    story = pymupdf.Story(html=f"<html><head><style>{STYLE}</style></head><body>{body_html}</body></html>")
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    where = PAGE + (MARGIN, MARGIN, -MARGIN, -MARGIN)
    more, pages = True, 0
    while more:
        device = writer.begin_page(PAGE)
        more, _filled = story.place(where)
        story.draw(device)
        writer.end_page()
        pages += 1
        if pages > 5000:
            break
    writer.close()
    return buffer.getvalue()


def message_to_pdf(message: EmailMessage, document_of, prefix: str = "") -> bytes:
    """The message as a document: headers, body, and the list of its attachments (document_of
    names the document an attachment becomes; prefix numbers an attached message's own)."""
    parts = [_headers(message), "<hr/>"]
    for role, part in _walk(message):
        if role == "body":
            text = _text(part)
            parts.append(_html_body(text) if part.get_content_type() == "text/html" else _plain_html(text))
    parts.append(_listing(attachments(message, prefix), document_of, prefix))
    return _render("".join(parts))


def text_to_pdf(data: bytes) -> bytes:
    return _render(_plain_html(data.decode("utf-8", errors="replace")))
