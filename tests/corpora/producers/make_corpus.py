#!/usr/bin/env python3
"""Build the producers corpus: fictional UK case-file documents made by real PDF producers.

Every document is written once as a small block model (headings, paragraphs, label/value tables,
tables) by the templates in corpus_content.py, and each personal-data value (or near miss) is
recorded as it is written. The model is then rendered by one producer:

  libreoffice    flat ODT (.fodt) -> soffice --headless --convert-to pdf  (Carlito, Liberation)
  chromium       HTML of a fictional police system -> chromium --headless --print-to-pdf
  latex          .tex -> pdflatex (Times/Helvetica via psnfss, T1, microtype, justified)
  ps-roundtrip   one of the above -> pdf2ps -> ps2pdf (ghostscript): fonts lose their Unicode map
  scan-degraded  one of the above, rasterised at 200-300 dpi, skewed, blurred, noised, low contrast,
                 JPEG, wrapped as an image-only PDF
  scan-clean     one of the above, rasterised at 200 dpi grey, JPEG, image-only PDF

and its ground truth written to truth/<name>.json. Page numbers in the truth come from the text
layer of the producer's own PDF (for ps-roundtrip and scans, from the PDF they were made from).

Needs (Debian 12):
  apt-get install --no-install-recommends libreoffice-writer-nogui fonts-crosextra-carlito \
      fonts-crosextra-caladea fonts-liberation fonts-dejavu-core hyphen-en-gb hyphen-en-us \
      ghostscript texlive-latex-base texlive-latex-recommended texlive-fonts-recommended chromium
and, in Python: PyMuPDF, Pillow, numpy (all in redactkit's own environment).

  python tests/corpora/producers/make_corpus.py            # everything
  python tests/corpora/producers/make_corpus.py --only NAME_SUBSTRING --keep-work /tmp/w

Deterministic: the values come from a seeded RNG (SEED below) and the degradations from the same
seed; the PDFs themselves carry producer timestamps, so bytes differ between runs but text, layout
and truth do not.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SEED = 20261201
PDF_DIR = HERE / "pdf"
TRUTH_DIR = HERE / "truth"

# --------------------------------------------------------------------------------------------
# the document model


@dataclass
class Item:
    entity: str
    text: str
    redact: bool
    note: str = ""
    page: int | None = None


@dataclass
class Doc:
    name: str
    producer: str          # libreoffice | chromium | latex | ps-roundtrip | scan-degraded | scan-clean
    base: str = ""         # the producer a ps-roundtrip or scan was made from
    style: str = "a"       # template look, per renderer
    title: str = ""
    blocks: list = field(default_factory=list)
    items: list = field(default_factory=list)
    font: str = "Carlito"
    scan: dict = field(default_factory=dict)

    # recording -------------------------------------------------------------------------
    def r(self, entity: str, text: str, render: str | None = None, note: str = "") -> str:
        """A value that must be redacted; returns what to print (render: how it is split/styled)."""
        self.items.append(Item(entity, text, True, note))
        return text if render is None else render

    def k(self, text: str, entity: str = "NONE", note: str = "near miss", render: str | None = None) -> str:
        """A value that must be kept (a near miss, or kept by the police-to-cps policy)."""
        self.items.append(Item(entity, text, False, note))
        return text if render is None else render

    # blocks ----------------------------------------------------------------------------
    def h(self, text, level=1, spaced=False, align="left"):
        self.blocks.append(("h", text, level, spaced, align))

    def p(self, text, align="justify", size=None):
        self.blocks.append(("p", text, align, size))

    def kv(self, rows, cols=2):
        """Label cell, value cell; cols=4 puts two pairs on a row."""
        self.blocks.append(("kv", rows, cols))

    def table(self, header, rows, widths=None):
        self.blocks.append(("table", header, rows, widths))

    def brk(self):
        self.blocks.append(("pagebreak",))

    def rule(self):
        self.blocks.append(("rule",))


# Inline markup, shared by the templates and the three renderers:
#   **bold**   ==highlighted==   //italic//   [[spaced capitals]]   \n forced line break
#   U+00AD soft hyphen passes through to every producer.
INLINE = re.compile(r"\*\*(.+?)\*\*|==(.+?)==|//(.+?)//|\[\[(.+?)\]\]|(\n)", re.S)


def spans(text):
    """Yield (kind, text) with kind in plain, bold, hl, it, spaced, br (one level, no nesting)."""
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            yield "plain", text[pos:m.start()]
        kind = ["bold", "hl", "it", "spaced", "br"][[g is not None for g in m.groups()].index(True)]
        yield kind, m.group(m.lastindex) if kind != "br" else ""
        pos = m.end()
    if pos < len(text):
        yield "plain", text[pos:]


# --------------------------------------------------------------------------------------------
# HTML (chromium)

CSS = {
    "a": """
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
body { font-family: 'Liberation Sans', 'DejaVu Sans', sans-serif; font-size: 9.6pt; color: #111; }
.bar { background: #1d3557; color: #fff; padding: 5px 9px; font-size: 8.5pt; display: flex; justify-content: space-between; }
h1 { font-size: 14pt; margin: 10px 0 6px; color: #1d3557; } h2 { font-size: 11pt; margin: 12px 0 4px; border-bottom: 1px solid #9ab; color: #1d3557; }
h3 { font-size: 10pt; margin: 8px 0 3px; }
p { margin: 4px 0 6px; line-height: 1.32; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
td, th { border: 1px solid #b8c4d0; padding: 3px 5px; vertical-align: top; font-size: 9pt; }
th { background: #e8eef4; text-align: left; } td.l { background: #f3f6f9; width: 24%; font-weight: bold; color: #334; }
mark { background: #ffe066; } .sp { letter-spacing: 0.32em; text-transform: uppercase; }
.foot { margin-top: 14px; font-size: 7.5pt; color: #555; border-top: 1px solid #ccc; padding-top: 3px; }
hr { border: 0; border-top: 1px dashed #999; }
""",
    "b": """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #000; }
.bar { border: 2px solid #000; padding: 4px 8px; font-weight: bold; font-size: 9pt; display: flex; justify-content: space-between; }
h1 { font-size: 13pt; text-transform: uppercase; margin: 8px 0; } h2 { font-size: 10pt; background: #ddd; padding: 2px 4px; margin: 10px 0 4px; }
h3 { font-size: 9.5pt; margin: 6px 0 2px; text-decoration: underline; }
p { margin: 3px 0 5px; line-height: 1.25; }
table { border-collapse: collapse; width: 100%; margin: 3px 0 7px; }
td, th { border: 1px solid #000; padding: 2px 4px; vertical-align: top; font-size: 8.6pt; }
th { background: #ccc; text-align: left; } td.l { width: 22%; text-transform: uppercase; font-size: 7.8pt; }
mark { background: #9fe0a0; } .sp { letter-spacing: 0.4em; }
.foot { margin-top: 10px; font-size: 7pt; text-align: center; }
""",
    "c": """
@page { size: A4; margin: 15mm 18mm; }
body { font-family: 'Liberation Serif', serif; font-size: 11pt; color: #222; }
.bar { font-family: 'Liberation Sans', sans-serif; font-size: 8pt; color: #444; border-bottom: 1px solid #444; display: flex; justify-content: space-between; }
h1 { font-family: 'Liberation Sans', sans-serif; font-size: 13pt; margin: 10px 0 6px; } h2 { font-family: 'Liberation Sans', sans-serif; font-size: 10.5pt; margin: 10px 0 4px; }
h3 { font-size: 10.5pt; margin: 6px 0 2px; font-style: italic; }
p { margin: 2px 0 7px; line-height: 1.4; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: 3px 0 8px; font-family: 'Liberation Sans', sans-serif; }
td, th { border-bottom: 1px solid #aaa; padding: 2px 4px; vertical-align: top; font-size: 9pt; }
th { text-align: left; border-bottom: 2px solid #444; } td.l { width: 26%; color: #555; }
mark { background: #ffd0d0; } .sp { letter-spacing: 0.28em; font-weight: bold; }
.foot { margin-top: 12px; font-size: 7.5pt; color: #666; }
""",
}


def html_inline(text):
    out = []
    for kind, t in spans(text):
        t = html.escape(t)
        if kind == "plain":
            out.append(t)
        elif kind == "bold":
            out.append(f"<b>{t}</b>")
        elif kind == "hl":
            out.append(f"<mark>{t}</mark>")
        elif kind == "it":
            out.append(f"<i>{t}</i>")
        elif kind == "spaced":
            out.append(f'<span class="sp">{t}</span>')
        else:
            out.append("<br>")
    return "".join(out)


def to_html(doc: Doc, system: str, banner_right: str) -> str:
    body = [f'<div class="bar"><span>{html_inline(system)}</span><span>{html_inline(banner_right)}</span></div>']
    for b in doc.blocks:
        kind = b[0]
        if kind == "h":
            _, text, level, spaced, align = b
            inner = f'<span class="sp">{html.escape(text)}</span>' if spaced else html_inline(text)
            body.append(f'<h{level} style="text-align:{align}">{inner}</h{level}>')
        elif kind == "p":
            _, text, align, size = b
            st = f"text-align:{align};" + (f"font-size:{size}pt;" if size else "")
            body.append(f'<p style="{st}">{html_inline(text)}</p>')
        elif kind == "kv":
            _, rows, cols = b
            cells = []
            per = cols // 2
            for i in range(0, len(rows), per):
                tds = "".join(f'<td class="l">{html_inline(l)}</td><td>{html_inline(v)}</td>' for l, v in rows[i:i + per])
                cells.append(f"<tr>{tds}</tr>")
            body.append("<table>" + "".join(cells) + "</table>")
        elif kind == "table":
            _, header, rows, widths = b
            cg = "".join(f'<col style="width:{w}%">' for w in widths) if widths else ""
            th = "".join(f"<th>{html_inline(h)}</th>" for h in header)
            trs = "".join("<tr>" + "".join(f"<td>{html_inline(c)}</td>" for c in r) + "</tr>" for r in rows)
            body.append(f"<table><colgroup>{cg}</colgroup><tr>{th}</tr>{trs}</table>")
        elif kind == "pagebreak":
            body.append('<div style="break-after: page"></div>')
        elif kind == "rule":
            body.append("<hr>")
    return (f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(doc.title)}</title>'
            f"<style>{CSS[doc.style]}</style></head><body>{''.join(body)}</body></html>")


# --------------------------------------------------------------------------------------------
# flat ODT (LibreOffice)


def x(t):
    return html.escape(t, quote=True)


def odt_inline(text):
    out = []
    for kind, t in spans(text):
        t = x(t)
        # runs of spaces must be text:s in ODF
        t = re.sub(r"  +", lambda m: ' <text:s text:c="%d"/>' % (len(m.group()) - 1), t)
        if kind == "plain":
            out.append(t)
        elif kind == "bold":
            out.append(f'<text:span text:style-name="B">{t}</text:span>')
        elif kind == "hl":
            out.append(f'<text:span text:style-name="HL">{t}</text:span>')
        elif kind == "it":
            out.append(f'<text:span text:style-name="I">{t}</text:span>')
        elif kind == "spaced":
            out.append(f'<text:span text:style-name="SP">{t}</text:span>')
        else:
            out.append("<text:line-break/>")
    return "".join(out)


def to_fodt(doc: Doc, header: str, footer: str) -> str:
    font = doc.font
    body = []
    tcount = 0
    for b in doc.blocks:
        kind = b[0]
        if kind == "h":
            _, text, level, spaced, align = b
            style = {"left": "H%d" % level, "center": "H%dC" % level}.get(align, "H%d" % level)
            inner = f'<text:span text:style-name="SP">{x(text)}</text:span>' if spaced else odt_inline(text)
            body.append(f'<text:p text:style-name="{style}">{inner}</text:p>')
        elif kind == "p":
            _, text, align, size = b
            style = {"justify": "PJ", "left": "PL", "center": "PC", "right": "PR"}[align]
            if size:
                style += "S"
            body.append(f'<text:p text:style-name="{style}">{odt_inline(text)}</text:p>')
        elif kind in ("kv", "table"):
            tcount += 1
            if kind == "kv":
                _, rows, cols = b
                per = cols // 2
                grid = [sum(([l, v] for l, v in rows[i:i + per]), []) for i in range(0, len(rows), per)]
                header_row = None
                widths = [22, 28, 22, 28] if cols == 4 else [30, 70]
            else:
                _, header_row, grid, widths = b
                widths = widths or [100 / len(header_row)] * len(header_row)
            ncol = len(widths)
            colstyles = "".join(f'<table:table-column table:style-name="T{tcount}C{i}"/>' for i in range(ncol))
            rows_xml = []
            if header_row:
                rows_xml.append("<table:table-header-rows><table:table-row>" + "".join(
                    f'<table:table-cell table:style-name="CellH" office:value-type="string"><text:p text:style-name="TH">{odt_inline(c)}</text:p></table:table-cell>'
                    for c in header_row) + "</table:table-row></table:table-header-rows>")
            for r in grid:
                cells = []
                for i, c in enumerate(list(r) + [""] * (ncol - len(r))):
                    label = kind == "kv" and i % 2 == 0
                    cells.append(f'<table:table-cell table:style-name="{"CellL" if label else "Cell"}" office:value-type="string">'
                                 f'<text:p text:style-name="{"TL" if label else "TD"}">{odt_inline(c)}</text:p></table:table-cell>')
                rows_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
            body.append(f'<table:table table:name="Table{tcount}" table:style-name="Tbl">{colstyles}{"".join(rows_xml)}</table:table>')
            doc._tables = getattr(doc, "_tables", []) + [(tcount, widths)]
        elif kind == "pagebreak":
            body.append('<text:p text:style-name="PB"/>')
        elif kind == "rule":
            body.append('<text:p text:style-name="RULE"/>')
    colstyles = "".join(
        f'<style:style style:name="T{t}C{i}" style:family="table-column"><style:table-column-properties style:column-width="{w * 17.4 / 100:.2f}cm"/></style:style>'
        for t, ws in getattr(doc, "_tables", []) for i, w in enumerate(ws))
    para = lambda name, extra="", text_extra="": (
        f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard">'
        f'<style:paragraph-properties {extra}/><style:text-properties {text_extra}/></style:style>')
    hyph = 'fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"'
    auto = "".join([
        para("PJ", 'fo:text-align="justify" fo:margin-bottom="0.18cm" fo:line-height="118%"', hyph),
        para("PJS", 'fo:text-align="justify" fo:margin-bottom="0.1cm"', hyph + ' fo:font-size="8.5pt"'),
        para("PL", 'fo:text-align="start" fo:margin-bottom="0.16cm"'),
        para("PLS", 'fo:text-align="start" fo:margin-bottom="0.1cm"', 'fo:font-size="8.5pt"'),
        para("PC", 'fo:text-align="center" fo:margin-bottom="0.16cm"'),
        para("PCS", 'fo:text-align="center"', 'fo:font-size="8pt"'),
        para("PR", 'fo:text-align="end"'),
        para("PRS", 'fo:text-align="end"', 'fo:font-size="8pt"'),
        para("H1", 'fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"', 'fo:font-size="15pt" fo:font-weight="bold"'),
        para("H1C", 'fo:text-align="center" fo:margin-bottom="0.2cm"', 'fo:font-size="15pt" fo:font-weight="bold"'),
        para("H2", 'fo:margin-top="0.3cm" fo:margin-bottom="0.12cm" fo:border-bottom="0.5pt solid #555555" fo:padding-bottom="0.03cm"', 'fo:font-size="11.5pt" fo:font-weight="bold"'),
        para("H2C", 'fo:text-align="center" fo:margin-bottom="0.12cm"', 'fo:font-size="11.5pt" fo:font-weight="bold"'),
        para("H3", 'fo:margin-top="0.2cm" fo:margin-bottom="0.08cm"', 'fo:font-size="10.5pt" fo:font-weight="bold" fo:font-style="italic"'),
        para("H3C", 'fo:text-align="center"', 'fo:font-size="10.5pt" fo:font-weight="bold"'),
        para("TH", "", 'fo:font-weight="bold" fo:font-size="9pt"'),
        para("TL", "", 'fo:font-weight="bold" fo:font-size="9pt" fo:color="#333333"'),
        para("TD", "", 'fo:font-size="9.5pt"'),
        para("PB", 'fo:break-before="page"'),
        para("RULE", 'fo:border-bottom="0.5pt dashed #777777" fo:margin-bottom="0.2cm"'),
        '<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>',
        '<style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>',
        '<style:style style:name="HL" style:family="text"><style:text-properties fo:background-color="#ffee55"/></style:style>',
        '<style:style style:name="SP" style:family="text"><style:text-properties fo:letter-spacing="0.12cm" fo:font-weight="bold" fo:text-transform="uppercase"/></style:style>',
        '<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="17.4cm" table:align="margins" fo:margin-bottom="0.2cm"/></style:style>',
        '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.06cm" fo:border="0.5pt solid #777777"/></style:style>',
        '<style:style style:name="CellL" style:family="table-cell"><style:table-cell-properties fo:padding="0.06cm" fo:border="0.5pt solid #777777" fo:background-color="#eeeeee"/></style:style>',
        '<style:style style:name="CellH" style:family="table-cell"><style:table-cell-properties fo:padding="0.06cm" fo:border="0.5pt solid #444444" fo:background-color="#d9d9d9"/></style:style>',
        colstyles,
    ])
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{x(doc.title)}</dc:title></office:meta>
<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="'{font}'" style:font-pitch="variable"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
<style:text-properties style:font-name="{font}" fo:font-size="10.5pt" fo:language="en" fo:country="GB" fo:hyphenate="false"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="8pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="7.5pt"/></style:style>
</office:styles>
<office:automatic-styles>{auto}
<style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PM1">
<style:header><text:p text:style-name="Header">{odt_inline(header)}</text:p></style:header>
<style:footer><text:p text:style-name="Footer">{odt_inline(footer)} <text:tab/>Page <text:page-number text:select-page="current"/> of <text:page-count/></text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>{"".join(body)}</office:text></office:body></office:document>
"""


# --------------------------------------------------------------------------------------------
# LaTeX

TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
               "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
               "£": r"\pounds{}", "\u00ad": r"\-", "–": "--", "—": "---", "’": "'", "‘": "`"}


def tex_escape(t):
    return "".join(TEX_SPECIAL.get(c, c) for c in t)


def tex_spaced(t):
    return r"\textbf{" + r"\hspace{0.22em}".join(tex_escape(c) if c != " " else r"\hspace{0.5em}" for c in t.upper()) + "}"


def tex_inline(text):
    out = []
    for kind, t in spans(text):
        e = tex_escape(t)
        out.append({"plain": e, "bold": r"\textbf{%s}" % e, "hl": r"\hl{%s}" % e, "it": r"\textit{%s}" % e,
                    "spaced": tex_spaced(t) if kind == "spaced" else "", "br": r"\newline{}"}[kind])
    return "".join(out)


def to_tex(doc: Doc, header: str, footer: str) -> str:
    sans = doc.style == "b"
    out = [r"\documentclass[11pt,a4paper]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
           r"\usepackage{mathptmx}" if not sans else r"\usepackage[scaled=0.92]{helvet}\renewcommand{\familydefault}{\sfdefault}",
           r"\usepackage[margin=2.1cm,top=2.3cm]{geometry}", r"\usepackage{microtype}", r"\usepackage{xcolor}",
           r"\usepackage{tabularx}", r"\usepackage{longtable}", r"\usepackage{fancyhdr}",
           r"\newcommand{\hl}[1]{\colorbox{yellow!55}{\strut #1}}", r"\setlength{\parindent}{0pt}", r"\setlength{\parskip}{5pt plus 1pt}",
           r"\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0.4pt}",
           r"\fancyhead[C]{\small\textbf{%s}}" % tex_inline(header), r"\fancyfoot[L]{\scriptsize %s}" % tex_inline(footer),
           r"\fancyfoot[R]{\scriptsize Page \thepage}", r"\renewcommand{\arraystretch}{1.25}",
           r"\hyphenpenalty=30 \exhyphenpenalty=30", r"\begin{document}"]
    for b in doc.blocks:
        kind = b[0]
        if kind == "h":
            _, text, level, spaced, align = b
            size = {1: r"\Large", 2: r"\large", 3: r"\normalsize"}[level]
            inner = tex_spaced(text) if spaced else r"\textbf{%s}" % tex_inline(text)
            if align == "center":
                out.append(r"\begin{center}%s %s\end{center}" % (size, inner))
            else:
                out.append(r"\par\medskip{%s %s}\par" % (size, inner) + (r"\hrule\smallskip" if level == 2 else ""))
        elif kind == "p":
            _, text, align, size = b
            body = tex_inline(text)
            if size:
                body = r"{\small %s}" % body
            if align == "center":
                out.append(r"\begin{center}%s\end{center}" % body)
            elif align == "left":
                out.append(r"{\raggedright %s\par}" % body)
            elif align == "right":
                out.append(r"\begin{flushright}%s\end{flushright}" % body)
            else:
                out.append(body + "\n")
        elif kind == "kv":
            _, rows, cols = b
            per = cols // 2
            spec = "|>{\\bfseries\\small}p{3.6cm}|X|" if per == 1 else "|>{\\bfseries\\small}p{2.6cm}|X|>{\\bfseries\\small}p{2.6cm}|X|"
            lines = []
            for i in range(0, len(rows), per):
                cells = sum(([tex_inline(l), tex_inline(v)] for l, v in rows[i:i + per]), [])
                cells += [""] * (cols - len(cells))
                lines.append(" & ".join(cells) + r" \\ \hline")
            out.append(r"\par\noindent\begin{tabularx}{\linewidth}{%s}\hline %s\end{tabularx}\par" % (spec, "\n".join(lines)))
        elif kind == "table":
            _, header_row, grid, widths = b
            widths = widths or [100 / len(header_row)] * len(header_row)
            spec = "|" + "|".join(r">{\raggedright\arraybackslash\small}p{%.2f\linewidth}" % (w / 100 - 0.012) for w in widths) + "|"
            head = " & ".join(r"\textbf{%s}" % tex_inline(h) for h in header_row) + r" \\ \hline"
            lines = [" & ".join(tex_inline(c) for c in r) + r" \\ \hline" for r in grid]
            out.append(r"\par\noindent\begin{longtable}{%s}\hline %s\endhead %s\end{longtable}" % (spec, head, "\n".join(lines)))
        elif kind == "pagebreak":
            out.append(r"\newpage")
        elif kind == "rule":
            out.append(r"\par\noindent\rule{\linewidth}{0.3pt}\par")
    out.append(r"\end{document}")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# producers


def run(cmd, cwd=None, timeout=240):
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({res.returncode}): {res.stderr[-800:]}{res.stdout[-800:]}")
    return res


def soffice_bin():
    return shutil.which("soffice") or shutil.which("libreoffice")


def chromium_bin():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def produce_libreoffice(src_docs, work: Path):
    """src_docs: [(name, fodt_text)]; converts all in one soffice call."""
    paths = []
    for name, text in src_docs:
        p = work / f"{name}.fodt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    profile = work / "lo-profile"
    run([soffice_bin(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), *paths], timeout=600)
    return {name: work / f"{name}.pdf" for name, _ in src_docs}


def produce_chromium(name, text, work: Path):
    src = work / f"{name}.html"
    src.write_text(text, encoding="utf-8")
    out = work / f"{name}.pdf"
    run([chromium_bin(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={work / 'chromium-profile'}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
         src.as_uri()])
    return out


def produce_latex(name, text, work: Path):
    (work / f"{name}.tex").write_text(text, encoding="utf-8")
    for _ in range(2):  # longtable needs two passes
        run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"], cwd=work)
    return work / f"{name}.pdf"


def ps_roundtrip(src: Path, out: Path):
    ps = out.with_suffix(".ps")
    run(["pdf2ps", str(src), str(ps)])
    run(["ps2pdf", "-dPDFSETTINGS=/printer", str(ps), str(out)])
    ps.unlink()


def rasterise(src: Path, out: Path, rng: random.Random, degrade: bool):
    import numpy as np
    import pymupdf
    from PIL import Image, ImageFilter, ImageEnhance

    doc = pymupdf.open(src)
    new = pymupdf.open()
    params = []
    for page in doc:
        dpi = rng.choice([200, 200, 240, 300]) if degrade else 200
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
        p = {"dpi": dpi}
        if degrade:
            angle = rng.choice([-1, 1]) * rng.uniform(0.5, 2.0)
            arr = np.asarray(img).astype(np.float32)
            nprng = np.random.default_rng(rng.randrange(1 << 30))
            sigma = rng.uniform(8, 20)
            arr = arr + nprng.normal(0, sigma, arr.shape)           # sensor noise, then the optics blur it
            img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=250)
            blur = rng.uniform(0.5, 1.1) * dpi / 200
            img = img.filter(ImageFilter.GaussianBlur(blur))
            contrast = rng.uniform(0.55, 0.8)
            img = ImageEnhance.Contrast(img).enhance(contrast)
            img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.9, 1.0))
            quality = rng.randint(30, 42)
            p.update(angle=round(angle, 2), blur=round(blur, 2), contrast=round(contrast, 2), noise=round(sigma, 1), jpeg=quality)
        else:
            quality = 50
            p.update(jpeg=quality)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
        newpage = new.new_page(width=page.rect.width, height=page.rect.height)
        newpage.insert_image(newpage.rect, stream=buf.getvalue())
        params.append(p)
    new.save(out, garbage=4, deflate=True)
    return params


# --------------------------------------------------------------------------------------------
# truth: locate each item on the pages of the PDF whose text layer says what was printed


def norm(text: str) -> str:
    """What is compared: NFKC (ligatures apart), no diacritics, case-folded, letters and digits only."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("đ", "d")
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def light(text: str, fold=True) -> str:
    """norm() without dropping the separators: for finding a value as a whole word."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if not unicodedata.combining(c) and c != "\u00ad")
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("đ", "d")
    return text.casefold() if fold else text


def locate(items, pdf: Path, name: str):
    import pymupdf
    doc = pymupdf.open(pdf)
    raw = [p.get_text() for p in doc]
    pages = [light(p) for p in raw]
    pages_cs = [light(p, fold=False) for p in raw]
    npages = len(pages)
    out, missing = [], []
    seen = set()
    for it in items:
        t = norm(it.text)
        # letters and digits in order, anything but letters and digits between them (line breaks,
        # spaces, hyphens), not inside a longer word or number
        pattern = re.compile(r"(?<![0-9a-z])" + r"[^0-9a-z]{0,4}".join(map(re.escape, t)) + r"(?![0-9a-z])")
        hits = [i + 1 for i, p in enumerate(pages) if t and pattern.search(p)]
        # occurrences on a page: as written (case-sensitive) when the value has capitals, so the
        # name "Joy" does not count "no joy"; any case otherwise
        cs = "".join(c for c in light(it.text, fold=False) if c.isalnum())
        pattern_cs = re.compile(r"(?<![0-9A-Za-z])" + r"[^0-9A-Za-z]{0,4}".join(map(re.escape, cs)) + r"(?![0-9A-Za-z])")
        def count(pg):
            n = len(pattern_cs.findall(pages_cs[pg - 1])) if cs != cs.lower() else 0
            return n or len(pattern.findall(pages[pg - 1]))
        if len(t) <= 2:
            hits = hits[:1]  # a bare age ("7"): where it was written, not every 7 of the document
        if not hits:
            missing.append(it.text)
            continue
        for pg in hits:
            key = (pg, it.entity, t, it.redact)
            if key in seen:
                continue
            seen.add(key)
            d = {"page": pg, "entity": it.entity, "text": it.text, "redact": it.redact,
                 "count": 1 if len(t) <= 2 else count(pg)}
            if it.note:
                d["note"] = it.note
            out.append(d)
    if missing:
        raise RuntimeError(f"{name}: values not found in the text layer: {missing}")
    out.sort(key=lambda d: (d["page"], not d["redact"], d["entity"], d["text"]))
    return out, npages


def build(only: str | None, keep_work: Path | None):
    import corpus_content

    rng = random.Random(SEED)
    docs: list[Doc] = corpus_content.make_docs(rng)
    if only:
        docs = [d for d in docs if only in d.name]
    (HERE / "case.yaml").write_text(corpus_content.case_list_yaml(corpus_content.make_docs.cases), encoding="utf-8")
    names = [d.name for d in docs]
    assert len(names) == len(set(names)), "duplicate document names"
    work = Path(keep_work or tempfile.mkdtemp(prefix="rk-producers-"))
    work.mkdir(parents=True, exist_ok=True)
    PDF_DIR.mkdir(exist_ok=True)
    TRUTH_DIR.mkdir(exist_ok=True)
    if not only:
        for old in list(PDF_DIR.glob("*.pdf")) + list(TRUTH_DIR.glob("*.json")):
            old.unlink()

    # 1. the base PDF of each document, by its base producer
    base_of = {d.name: (d.base or d.producer) for d in docs}
    lo_docs = [(d.name, d._src) for d in docs if base_of[d.name] == "libreoffice"]
    built = {}
    if lo_docs:
        built.update(produce_libreoffice(lo_docs, work))
    for d in docs:
        if base_of[d.name] == "chromium":
            built[d.name] = produce_chromium(d.name, d._src, work)
        elif base_of[d.name] == "latex":
            built[d.name] = produce_latex(d.name, d._src, work)

    # 2. the producer's own step, truth, output
    summary = []
    srng = random.Random(SEED + 1)
    for d in docs:
        base_pdf = built[d.name]
        items, npages = locate(d.items, base_pdf, d.name)
        target = PDF_DIR / f"{d.name}.pdf"
        extra = {}
        if d.producer == "ps-roundtrip":
            ps_roundtrip(base_pdf, target)
        elif d.producer in ("scan-degraded", "scan-clean"):
            extra["raster"] = rasterise(base_pdf, target, srng, d.producer == "scan-degraded")
        else:
            shutil.copyfile(base_pdf, target)
        truth = {"document": f"pdf/{d.name}.pdf", "producer": d.producer, "pages": npages,
                 "made_from": base_of[d.name] if d.base else d.producer, "title": d.title, **extra, "items": items}
        (TRUTH_DIR / f"{d.name}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        summary.append((d.producer, npages, target.stat().st_size))
        print(f"{d.name:40s} {d.producer:14s} {npages:2d} pages {target.stat().st_size / 1024:7.1f} KiB "
              f"{sum(i['redact'] for i in items):3d} redact {sum(not i['redact'] for i in items):3d} keep")
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    by = {}
    for prod, n, size in summary:
        a = by.setdefault(prod, [0, 0, 0])
        a[0] += 1
        a[1] += n
        a[2] += size
    for prod, (nd, npg, size) in sorted(by.items()):
        print(f"{prod:14s} {nd:3d} documents {npg:4d} pages {size / 1e6:6.2f} MB")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="build only documents whose name contains this")
    ap.add_argument("--keep-work", type=Path, help="keep the intermediate files (fodt, html, tex) here")
    args = ap.parse_args(argv)
    missing = [b for b, f in [("soffice", soffice_bin()), ("chromium", chromium_bin()), ("pdflatex", shutil.which("pdflatex")),
                              ("pdf2ps", shutil.which("pdf2ps")), ("ps2pdf", shutil.which("ps2pdf"))] if not f]
    if missing:
        sys.exit(f"missing producers: {', '.join(missing)} (see the apt-get line at the top of this file)")
    build(args.only, args.keep_work)


if __name__ == "__main__":
    main()
