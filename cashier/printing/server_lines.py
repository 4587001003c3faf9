"""The server's receipt lines (docs/secuconnect.md §5) on paper, by type.

* ``separator``: with a caption, an empty line and the caption centred and emphasised
  (double size when it fits, else bold double height, wrapped); without, a rule of dashes;
* ``textline``: left unless an alignment decoration says otherwise; ``important`` prints
  bold and double height; long text wraps;
* ``name-value``: name left, value flush right on the same line; when both do not fit, the
  name wraps and the value goes flush right below it; ``important`` prints bold;
* ``space``: one empty line.

Labels keep their text but lose surrounding blanks (``"Kartennummer: "``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from cashier.domain.receipt import Decoration, NameValueLine, SeparatorLine, ServerLine, SpaceLine, TextLine
from cashier.printing.escpos_builder import BOLD, EMPHASIS, HEADLINE, NORMAL, Alignment, TicketBuilder
from cashier.printing.text import printable, two_columns

_ALIGNMENT: dict[Decoration, Alignment] = {
    Decoration.ALIGN_LEFT: "left",
    Decoration.ALIGN_CENTER: "center",
    Decoration.ALIGN_RIGHT: "right",
}


def render_server_lines(builder: TicketBuilder, lines: Iterable[ServerLine]) -> None:
    for line in lines:
        if isinstance(line, SeparatorLine):
            _separator(builder, line)
        elif isinstance(line, TextLine):
            style = replace(EMPHASIS if line.important else NORMAL, align=_ALIGNMENT[line.alignment])
            builder.paragraph(line.text.strip(), style)
        elif isinstance(line, NameValueLine):
            style = BOLD if line.important else NORMAL
            for part in two_columns(line.name.strip(), line.value, builder.columns(style)):
                builder.line(part, style)
        elif isinstance(line, SpaceLine):
            builder.blank()
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"not a server line: {type(line).__name__}")


def _separator(builder: TicketBuilder, line: SeparatorLine) -> None:
    if line.caption is None:
        builder.rule()
        return
    caption = printable(line.caption).strip()
    builder.blank()
    if len(caption) <= builder.columns(HEADLINE):
        builder.line(caption, HEADLINE)
    else:
        builder.paragraph(caption, replace(EMPHASIS, align="center"))
    builder.blank()
