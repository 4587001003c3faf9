"""Reading ESC/POS bytes back: text lines with their style, and the events between them.

The receipt preview draws what this decoder yields, and the tests assert on it, so both see
exactly what a printer would be told. It understands the commands our layout sends plus the
usual fixed-length ones, and it behaves like an Epson-compatible printer where that matters:

* ``ESC @`` resets everything, **including the code page** (back to page 0, CP437) — text
  sent after a reset without a new ``ESC t`` is decoded the way a printer would print it;
* ``ESC t n`` selects the code page used for the text bytes that follow;
* ``ESC a`` takes effect for the line being started (Epson: only at the beginning of a line);
* ``ESC d n`` prints the pending line and feeds, giving empty lines;
* ``GS ( k`` for QR codes (cn 49) keeps model, module size, error correction and the stored
  data, and its print function yields a :class:`QrCode` with the data byte for byte; other
  2D codes, and QR functions or values it does not know, are :class:`Unsupported`.

An unknown command raises :class:`EscposDecodeError` with its offset, rather than being
guessed at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Final

from cashier.printing.escpos_items import (
    Alignment,
    Barcode,
    CodePage,
    Cut,
    Decoded,
    DrawerKick,
    Line,
    QrCode,
    QrLevel,
    RasterImage,
    Reset,
    Span,
    StatusQuery,
    TextStyle,
    Unsupported,
)

__all__ = [
    "Barcode",
    "CodePage",
    "Cut",
    "Decoded",
    "DrawerKick",
    "EscposDecodeError",
    "Line",
    "QrCode",
    "RasterImage",
    "Reset",
    "Span",
    "StatusQuery",
    "TextStyle",
    "Unsupported",
    "decode",
    "iter_decode",
    "lines_of",
    "plain_text",
]

ESC: Final = 0x1B
GS: Final = 0x1D
DLE: Final = 0x10
LF: Final = 0x0A
CR: Final = 0x0D
HT: Final = 0x09

CODE_PAGES: Final = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
}
"""ESC t slots of Epson-compatible printers that have a Python codec."""


class EscposDecodeError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at byte {offset}")
        self.offset = offset


# Commands that take a fixed number of parameter bytes and change nothing we track.
_ESC_IGNORED: Final = {
    ord("2"): 0,
    ord("3"): 1,
    ord("J"): 1,
    ord(" "): 1,
    ord("G"): 1,
    ord("{"): 1,
    ord("V"): 1,
    ord("R"): 1,
    ord("="): 1,
    ord("U"): 1,
}
_GS_IGNORED: Final = {ord("b"): 1, ord("L"): 2, ord("W"): 2, ord("f"): 1, ord("P"): 2}
_QR: Final = 49  # GS ( k cn for QR codes
_QR_LEVELS: Final[dict[int, QrLevel]] = {48: "L", 49: "M", 50: "Q", 51: "H"}
_ALIGN: Final[dict[int, Alignment]] = {
    0: "left",
    1: "center",
    2: "right",
    48: "left",
    49: "center",
    50: "right",
}


class _Decoder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self._reset_state()
        self.spans: list[Span] = []
        self.line_align: Alignment | None = None

    def _reset_state(self) -> None:
        self.page = 0
        self.style = TextStyle()
        self.align: Alignment = "left"
        self.barcode_height = 162
        self.barcode_width = 3
        self.barcode_text = 0
        self.qr_model = 2
        self.qr_size = 3
        self.qr_level: QrLevel = "L"
        self.qr_data: bytes | None = None

    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.data):
            raise EscposDecodeError(f"command cut short (needs {count} more bytes)", self.pos)
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def end_line(self) -> Line:
        line = Line(tuple(self.spans), self.line_align or self.align)
        self.spans = []
        self.line_align = None
        return line

    def add_text(self, raw: bytes) -> None:
        encoding = CODE_PAGES.get(self.page)
        if encoding is None:
            text = "".join(chr(b) if b < 0x80 else "?" for b in raw)
        else:
            text = raw.decode(encoding, errors="replace")
        if self.line_align is None:
            self.line_align = self.align
        if self.spans and self.spans[-1].style == self.style:
            self.spans[-1] = Span(self.spans[-1].text + text, self.style)
        else:
            self.spans.append(Span(text, self.style))

    def run(self) -> Iterator[Decoded]:
        data = self.data
        while self.pos < len(data):
            start = self.pos
            b = data[self.pos]
            if b >= 0x20:
                end = start
                while end < len(data) and data[end] >= 0x20:
                    end += 1
                self.add_text(data[start:end])
                self.pos = end
                continue
            self.pos += 1
            if b == LF:
                yield self.end_line()
            elif b == CR:
                continue
            elif b == HT:
                self.add_text(b" ")
            elif b == ESC:
                yield from self.esc(start)
            elif b == GS:
                yield from self.gs(start)
            elif b == DLE:
                yield from self.dle(start)
            else:
                raise EscposDecodeError(f"unexpected control byte 0x{b:02x}", start)
        if self.spans:
            yield self.end_line()

    def esc(self, start: int) -> Iterator[Decoded]:
        command = self.byte()
        if command == ord("@"):
            if self.spans:
                yield self.end_line()
            self._reset_state()
            yield Reset()
        elif command == ord("t"):
            self.page = self.byte()
            yield CodePage(self.page, CODE_PAGES.get(self.page))
        elif command == ord("!"):
            n = self.byte()
            self.style = replace(
                self.style,
                font="b" if n & 0x01 else "a",
                bold=bool(n & 0x08),
                height=2 if n & 0x10 else 1,
                width=2 if n & 0x20 else 1,
                underline=bool(n & 0x80),
            )
        elif command == ord("E"):
            self.style = replace(self.style, bold=bool(self.byte() & 1))
        elif command == ord("-"):
            self.style = replace(self.style, underline=bool(self.byte() & 3))
        elif command == ord("M"):
            self.style = replace(self.style, font="b" if self.byte() in (1, 49) else "a")
        elif command == ord("a"):
            n = self.byte()
            if n not in _ALIGN:
                raise EscposDecodeError(f"ESC a with {n}", start)
            self.align = _ALIGN[n]
        elif command == ord("d"):
            count = self.byte()
            if self.spans:
                yield self.end_line()
                count -= 1
            for _ in range(max(0, count)):
                yield Line((), self.align)
        elif command == ord("p"):
            pin, on, off = self.take(3)
            yield DrawerKick(pin=2 if pin in (0, 48) else 5, on_ms=on * 2, off_ms=off * 2)
        elif command == ord("*"):
            mode, low, high = self.take(3)
            self.take((low + high * 256) * (1 if mode in (0, 1) else 3))
            yield Unsupported("ESC * column image")
        elif command in _ESC_IGNORED:
            self.take(_ESC_IGNORED[command])
        else:
            raise EscposDecodeError(f"unknown command ESC 0x{command:02x}", start)

    def gs(self, start: int) -> Iterator[Decoded]:
        command = self.byte()
        if command == ord("!"):
            n = self.byte()
            self.style = replace(self.style, width=min(2, (n >> 4) + 1), height=min(2, (n & 0x0F) + 1))
        elif command == ord("B"):
            self.style = replace(self.style, invert=bool(self.byte() & 1))
        elif command == ord("V"):
            mode = self.byte()
            if mode in (65, 66):
                self.take(1)
            if self.spans:
                yield self.end_line()
            yield Cut(partial=mode in (1, 49, 66))
        elif command == ord("h"):
            self.barcode_height = self.byte()
        elif command == ord("w"):
            self.barcode_width = self.byte()
        elif command == ord("H"):
            self.barcode_text = self.byte()
        elif command == ord("k"):
            yield self.barcode(start)
        elif command == ord("v"):
            if self.byte() != ord("0"):
                raise EscposDecodeError("GS v other than GS v 0", start)
            _mode, xl, xh, yl, yh = self.take(5)
            width_bytes, height = xl + xh * 256, yl + yh * 256
            bits = self.take(width_bytes * height)
            yield RasterImage(width=width_bytes * 8, height=height, bits=bits)
        elif command == ord("("):
            kind = self.byte()
            low, high = self.take(2)
            body = self.take(low + high * 256)
            if kind == ord("k") and body[:1] == bytes([_QR]):
                yield from self.qr(body)
            else:
                yield Unsupported(f"GS ( {chr(kind)}")
        elif command in _GS_IGNORED:
            self.take(_GS_IGNORED[command])
        else:
            raise EscposDecodeError(f"unknown command GS 0x{command:02x}", start)

    def qr(self, body: bytes) -> Iterator[Decoded]:
        """``GS ( k pL pH 49 fn …``: ``body`` is everything after ``pL pH``."""
        function, rest = body[1] if len(body) > 1 else -1, body[2:]
        if function == 65 and rest[:1] in (b"1", b"2", b"3"):  # select the model
            self.qr_model = rest[0] - 48
        elif function == 67 and len(rest) == 1 and 1 <= rest[0] <= 16:  # module size
            self.qr_size = rest[0]
        elif function == 69 and len(rest) == 1 and rest[0] in _QR_LEVELS:  # error correction
            self.qr_level = _QR_LEVELS[rest[0]]
        elif function == 80 and rest[:1] == b"0":  # store the data
            self.qr_data = rest[1:]
        elif function == 81 and rest == b"0":  # print the stored symbol
            if self.qr_data:
                yield QrCode(self.qr_data, self.qr_model, self.qr_size, self.qr_level, self.align)
        elif function != 82:  # 82 transmits size information and prints nothing
            yield Unsupported("GS ( k")  # a function or value this decoder does not know

    def barcode(self, start: int) -> Barcode:
        symbology = self.byte()
        if symbology <= 6:
            end = self.data.find(b"\x00", self.pos)
            if end < 0:
                raise EscposDecodeError("barcode data without its NUL", start)
            raw = self.take(end - self.pos)
            self.take(1)
        else:
            raw = self.take(self.byte())
        text = raw.decode("ascii", errors="replace")
        if symbology == 73 and text[:2] in ("{A", "{B", "{C"):
            text = text[2:]
        return Barcode(
            symbology=symbology,
            data=text,
            height=self.barcode_height,
            module_width=self.barcode_width,
            text_below=self.barcode_text in (2, 3, 50, 51),
        )

    def dle(self, start: int) -> Iterator[Decoded]:
        command = self.byte()
        if command == 0x04:
            yield StatusQuery(self.byte())
        else:
            raise EscposDecodeError(f"unknown command DLE 0x{command:02x}", start)


def iter_decode(data: bytes) -> Iterator[Decoded]:
    """Lines and events in the order a printer would meet them."""
    return _Decoder(bytes(data)).run()


def decode(data: bytes) -> list[Decoded]:
    return list(iter_decode(data))


def lines_of(data: bytes | list[Decoded]) -> list[Line]:
    """Only the text lines."""
    items = decode(data) if isinstance(data, bytes | bytearray) else data
    return [item for item in items if isinstance(item, Line)]


def plain_text(data: bytes | list[Decoded], columns: int) -> str:
    """The job as a person reads it: lines aligned on ``columns`` (double-width characters
    count twice but are written once), events as ``[…]`` markers. For logs, tests and eyes."""
    items = decode(data) if isinstance(data, bytes | bytearray) else data
    out: list[str] = []
    for item in items:
        if isinstance(item, Line):
            text = item.text.rstrip()
            free = max(0, columns - item.columns())
            pad = free // 2 if item.align == "center" else free if item.align == "right" else 0
            out.append((" " * pad + text).rstrip())
        elif isinstance(item, Cut):
            out.append("[cut]" if not item.partial else "[partial cut]")
        elif isinstance(item, DrawerKick):
            out.append(f"[drawer pin {item.pin}, {item.on_ms}/{item.off_ms} ms]")
        elif isinstance(item, Barcode):
            out.append(f"[barcode {item.data}]")
        elif isinstance(item, QrCode):
            out.append(f"[QR {item.text}]")
        elif isinstance(item, RasterImage):
            out.append(f"[image {item.width}x{item.height}]")
        elif isinstance(item, Unsupported):
            out.append(f"[{item.command}]")
    return "\n".join(out)
