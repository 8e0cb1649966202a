"""Read and rewrite PDF content streams, for the cleaning MuPDF's redaction does not do.

MuPDF removes text, pixels and vector art under a redaction, but leaves three things that can
hold personal data: content in optional-content layers that are switched off (invisible, so never
scanned, and shown by any viewer that switches the layer on), ``/ActualText`` and ``/Alt`` strings
in marked-content properties (the text a screen reader or a copy-paste returns instead of the
glyphs), and the spacing residue a removed word leaves in a ``TJ`` array (see :mod:`.widths`).

This module is a small, faithful tokenizer and writer for content streams (PDF 32000-1, 7.8.2):
operations the rewrite does not touch are copied byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WHITESPACE = b"\x00\t\n\x0c\r "
DELIMITERS = b"()<>[]{}/%"
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REGULAR = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")


class Name(str):
    """A PDF name, without its leading slash."""


@dataclass
class Op:
    """One operation: operands, operator, and where it lies in the source bytes."""

    operands: list
    operator: str
    start: int
    end: int
    raw: bytes | None = None  # set for inline images (BI ... EI), copied as they are


class ContentError(ValueError):
    """The content stream could not be parsed; callers leave such a stream untouched."""


END = object()  # what the reference lexer returns at the end of the stream (null is None)


class _Lexer:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def skip(self) -> None:
        data, n = self.data, len(self.data)
        while self.pos < n:
            c = data[self.pos]
            if c in WHITESPACE:
                self.pos += 1
            elif c == 0x25:  # % comment to end of line
                while self.pos < n and data[self.pos] not in b"\r\n":
                    self.pos += 1
            else:
                break

    def literal_string(self) -> bytes:
        data, out, depth = self.data, bytearray(), 1
        self.pos += 1
        while self.pos < len(data):
            c = data[self.pos]
            if c == 0x5C:  # backslash
                self.pos += 1
                if self.pos >= len(data):
                    break
                e = data[self.pos]
                simple = {0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5C: 0x5C}
                if e in simple:
                    out.append(simple[e])
                    self.pos += 1
                elif 0x30 <= e <= 0x37:
                    digits = re.match(rb"[0-7]{1,3}", data[self.pos:self.pos + 3]).group()
                    out.append(int(digits, 8) & 0xFF)
                    self.pos += len(digits)
                elif e == 0x0D:  # line continuation
                    self.pos += 2 if data[self.pos + 1:self.pos + 2] == b"\n" else 1
                elif e == 0x0A:
                    self.pos += 1
                else:
                    out.append(e)
                    self.pos += 1
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return bytes(out)
            out.append(c)
            self.pos += 1
        raise ContentError("unterminated string")

    def hex_string(self) -> bytes:
        end = self.data.find(b">", self.pos)
        if end < 0:
            raise ContentError("unterminated hex string")
        digits = re.sub(rb"\s", b"", self.data[self.pos + 1:end])
        self.pos = end + 1
        if len(digits) % 2:
            digits += b"0"
        try:
            return bytes.fromhex(digits.decode("ascii"))
        except ValueError:
            raise ContentError("bad hex string") from None

    def name(self) -> Name:
        match = _REGULAR.match(self.data, self.pos + 1)
        raw = match.group() if match else b""
        self.pos += 1 + len(raw)
        text = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        return Name(text.decode("latin-1"))

    def _operand(self):
        """An object inside an array or dictionary: an operator or the end there is an error."""
        item = self.obj()
        if item is END:
            raise ContentError("unterminated array or dictionary")
        if isinstance(item, tuple):
            raise ContentError("operator inside an array or dictionary")
        return item

    def obj(self):
        """Next object, or ('op', operator) for an operator; END at the end."""
        self.skip()
        if self.pos >= len(self.data):
            return END
        data, c = self.data, self.data[self.pos]
        if c == 0x28:
            return self.literal_string()
        if c == 0x3C:
            if data[self.pos + 1:self.pos + 2] == b"<":
                self.pos += 2
                result = {}
                while True:
                    self.skip()
                    if self.pos >= len(data):
                        raise ContentError("unterminated dictionary")
                    if data[self.pos:self.pos + 2] == b">>":
                        self.pos += 2
                        return result
                    key = self.obj()
                    if not isinstance(key, Name):
                        raise ContentError("dictionary key is not a name")
                    result[str(key)] = self._operand()
            return self.hex_string()
        if c == 0x5B:
            self.pos += 1
            items = []
            while True:
                self.skip()
                if self.pos >= len(data):
                    raise ContentError("unterminated array")
                if data[self.pos] == 0x5D:
                    self.pos += 1
                    return items
                items.append(self._operand())
        if c == 0x2F:
            return self.name()
        if c in b")>]}{":
            raise ContentError(f"unexpected {chr(c)!r}")
        match = _REGULAR.match(data, self.pos)
        token = match.group()
        self.pos += len(token)
        if _NUMBER.fullmatch(token):
            return float(token) if b"." in token else int(token)
        if token in (b"true", b"false"):
            return token == b"true"
        if token == b"null":
            return None
        return ("op", token.decode("latin-1"))


_TOKEN = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"         # whitespace and comments first
                    rb"(\((?:[^()\\])*\)"                      # a string without escapes or nesting
                    rb"|<<|>>|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>|\[|\]"  # dictionaries, hex strings, arrays
                    rb"|/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*"         # names
                    rb"|[^\x00\t\n\x0c\r ()<>\[\]{}/%]+"          # numbers, keywords, operators
                    rb"|\(|$)")                                  # a harder string; the end
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NUMBER_START = frozenset(b"0123456789+-.")


def _atom(token: bytes):
    """The value of a number, keyword or operator token."""
    if token[0] in _NUMBER_START and _NUMBER.fullmatch(token):
        return float(token) if b"." in token else int(token)
    if token == b"true" or token == b"false":
        return token == b"true"
    if token == b"null":
        return None
    return ("op", token.decode("latin-1"))


def operators(alternatives: bytes) -> re.Pattern:
    """A quick search for operators in raw content bytes, without parsing: alternatives (a regular
    expression such as ``rb"BT|ET"``) standing as a token of their own, at the start or after a
    blank or delimiter, and before one or the end. A match inside a string or a name is possible,
    so callers use it only where a false "yes" costs a slower path and never a wrong answer."""
    return re.compile(rb"(?:^|(?<=[\s()<>\[\]{}/%]))(?:" + alternatives + rb")(?=[\s()<>\[\]{}/%]|$)")


# -- quick looks at raw content bytes, without parsing -------------------------------------
# The parser above is exact but costs a full pass; apply (is there a spacing number to rewrite?)
# and verify (how wide are the spacing numbers?) first look with these shared patterns.

STRING = rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"  # a literal string (one level of nesting)
HEX_STRING = rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*>"
NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
TJ_ARRAY = re.compile(rb"\[((?:" + STRING + rb"|" + HEX_STRING + rb"|[^\[\]()<>])*)\]\s*TJ", re.DOTALL)
_STRINGS = re.compile(STRING + rb"|" + HEX_STRING, re.DOTALL)
_LONE_NUMBER = re.compile(rb"(?<![\w.])" + NUMBER)


def array_numbers(body: bytes) -> list[float]:
    """The numbers inside an array's brackets (a TJ array's spacing), its strings set aside."""
    return [float(n) for n in _LONE_NUMBER.findall(_STRINGS.sub(b" ", body))]


def parse(data: bytes) -> list[Op]:
    """Split a content stream into operations.

    One regular expression finds the tokens (this runs over every content stream of every
    redacted page); strings with escapes or nested parentheses go to the character lexer."""
    ops: list[Op] = []
    operands: list = []
    stack: list[tuple[list, bool, int]] = []  # open arrays and dictionaries: (items, is dictionary, where)
    start, n = 0, len(data)
    tokens = _TOKEN.finditer(data)
    expected = 0  # where the next token must start: finditer would skip what matches no token
    while (token_match := next(tokens, None)) is not None:
        if token_match.start() != expected:
            raise ContentError(f"unexpected {chr(data[expected])!r}")
        expected = token_match.end()
        begin = token_match.start(1)
        token = token_match.group(1)
        if not token:
            if begin >= n:
                break
            raise ContentError(f"unexpected {chr(data[begin])!r}")
        first = token[0]
        if first == 0x28:
            if len(token) > 1:
                value = token[1:-1]
            else:  # escapes or nested parentheses: the character lexer, then carry on after it
                lexer = _Lexer(data)
                lexer.pos = begin
                value = lexer.literal_string()
                tokens, expected = _TOKEN.finditer(data, lexer.pos), lexer.pos
        elif token == b"<<" or token == b"[":
            stack.append(([], token == b"<<", begin))
            continue
        elif token == b">>" or token == b"]":
            if not stack or stack[-1][1] != (token == b">>"):
                raise ContentError(f"unexpected {token.decode()!r}")
            items, is_dict, begin = stack.pop()
            if is_dict:
                if len(items) % 2 or not all(isinstance(k, Name) for k in items[::2]):
                    raise ContentError("dictionary key is not a name")
                value = {str(k): v for k, v in zip(items[::2], items[1::2])}
            else:
                value = items
        elif first == 0x3C:
            digits = re.sub(rb"\s", b"", token[1:-1])
            if len(digits) % 2:
                digits += b"0"
            value = bytes.fromhex(digits.decode("ascii"))
        elif first == 0x2F:
            raw = token[1:]
            if b"#" in raw:
                raw = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
            value = Name(raw.decode("latin-1"))
        else:
            value = _atom(token)
            if type(value) is tuple:
                if stack:
                    raise ContentError("operator inside an array or dictionary")
                operator = value[1]
                if not operands:
                    start = begin
                if operator == "BI":
                    end = _inline_image_end(data, token_match.end())
                    ops.append(Op([], "BI", start, end, raw=data[start:end]))
                    tokens, expected = _TOKEN.finditer(data, end), end
                else:
                    ops.append(Op(operands, operator, start, token_match.end()))
                operands = []
                continue
        if stack:
            stack[-1][0].append(value)
            continue
        if not operands:
            start = begin
        operands.append(value)
    if stack:
        raise ContentError("unterminated array or dictionary")
    return ops


def parse_slowly(data: bytes) -> list[Op]:
    """The character-by-character reference parser (tests compare the two)."""
    lexer = _Lexer(data)
    ops: list[Op] = []
    operands: list = []
    start = 0
    while True:
        lexer.skip()
        if not operands:
            start = lexer.pos
        item = lexer.obj()
        if item is END:
            break
        if isinstance(item, tuple) and item[:1] == ("op",):
            operator = item[1]
            if operator == "BI":
                end = _inline_image_end(data, lexer.pos)
                ops.append(Op([], "BI", start, end, raw=data[start:end]))
                lexer.pos = end
            else:
                ops.append(Op(operands, operator, start, lexer.pos))
            operands = []
        else:
            operands.append(item)
    return ops


def _inline_image_end(data: bytes, pos: int) -> int:
    """End of an inline image (after its EI), searching from just after BI."""
    id_match = re.compile(rb"\sID[\s]").search(data, pos - 1)
    if not id_match:
        raise ContentError("inline image without ID")
    ei = re.compile(rb"[\s]EI(?=[\s]|$)").search(data, id_match.end())
    if not ei:
        raise ContentError("inline image without EI")
    return ei.end()


# -- writing ------------------------------------------------------------------------------

def _number(value: float) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value)).encode()
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode()


def _name(value: str) -> bytes:
    out = bytearray(b"/")
    for byte in value.encode("latin-1"):
        if byte < 0x21 or byte > 0x7E or byte in DELIMITERS or byte == 0x23:
            out += b"#%02X" % byte
        else:
            out.append(byte)
    return bytes(out)


def serialize(value) -> bytes:
    if isinstance(value, Name):
        return _name(value)
    if isinstance(value, (bytes, bytearray)):
        return b"<" + bytes(value).hex().upper().encode() + b">"
    if isinstance(value, list):
        return b"[" + b" ".join(serialize(v) for v in value) + b"]"
    if isinstance(value, dict):
        return b"<<" + b" ".join(_name(k) + b" " + serialize(v) for k, v in value.items()) + b">>"
    if value is None:
        return b"null"
    if isinstance(value, (int, float)):
        return _number(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def write_op(op: Op) -> bytes:
    if op.raw is not None:
        return op.raw
    return b" ".join([serialize(v) for v in op.operands] + [op.operator.encode("latin-1")])


def rebuild(data: bytes, ops: list[Op], replaced: dict[int, list[Op] | None]) -> bytes:
    """The stream with some operations replaced (index -> new ops, or None to drop)."""
    out = bytearray()
    for index, op in enumerate(ops):
        if index in replaced:
            for new in replaced[index] or []:
                out += write_op(new) + b"\n"
        else:
            out += data[op.start:op.end] + b"\n"
    return bytes(out)


# -- optional content and marked-content text ---------------------------------------------

















