"""Where a page shows pictures, and whether a box lies over one.

Apply and verify make the same call: a box over a scan's picture was grown to the ink it hides,
so apply does not widen it and verify does not measure its width (anyone sees the ink's width).
"""

from __future__ import annotations

import pymupdf

OVER = 0.9  # a box this much inside a picture lies over it


def picture_rects(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The places of the page's pictures, in unrotated page space (as boxes and drawings are).
    MuPDF may raise on a picture it cannot read: the caller decides what that means."""
    return [rect for rect in (pymupdf.Rect(info["bbox"]) for info in page.get_image_info()) if rect.get_area() > 0]


def over_picture(rect: pymupdf.Rect, pictures: list[pymupdf.Rect]) -> bool:
    return any((rect & picture).get_area() >= OVER * rect.get_area() for picture in pictures)
