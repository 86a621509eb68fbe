"""How a diagram looks: themes, the palette, node and edge styles, the legend.

Shape and fill per kind come from the Okabe-Ito palette (shapes differ by kind too, so
colour is never the only cue); edge width and dash come from confidence, the arrowhead
from the relation. The legend is the only HTML-like label in any diagram, and it is
built from the constants of this module only.

>>> THEMES["light"].kinds["impact"].peripheries, confidence_style(75)
('2', ('2.6', 'solid'))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .dot_writer import DotWriter, code, text_value, tooltip, user_label
from .text import shorten

__all__ = [
    "CONFIDENCE_NOTES",
    "KIND_NAMES",
    "RELATION_ARROWS",
    "RELATION_NAMES",
    "THEMES",
    "KindStyle",
    "Theme",
    "confidence_style",
    "edge_attrs",
    "kind_legend_rows",
    "legend",
    "node_attrs",
]


@dataclass(frozen=True)
class KindStyle:
    """How one kind of node looks."""

    shape: str
    style: str
    fill: str
    border: str
    font: str = "#1A1A1A"
    penwidth: str = "1.2"
    peripheries: str = "1"


@dataclass(frozen=True)
class Theme:
    """Colours and fonts of a diagram."""

    name: str
    background: str
    text: str
    muted: str
    edge: str
    edge_unknown: str
    kinds: Mapping[str, KindStyle]
    fontname: str = "Helvetica"
    # diff colours: added, removed, changed, unchanged (fill, border)
    added: tuple[str, str] = ("#D9F2E6", "#007A5A")
    removed: tuple[str, str] = ("#FBE3D6", "#C0471A")
    changed: tuple[str, str] = ("#FFF0C2", "#B87800")
    unchanged: tuple[str, str] = ("#F2F2F2", "#9A9A9A")


# Okabe-Ito: sky blue #56B4E9, orange #E69F00, bluish green #009E73, blue #0072B2,
# vermillion #D55E00. Fills are light tints so black text stays readable; shapes differ
# by kind too, so colour is never the only cue.
LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#1A1A1A",
    muted="#6B6B6B",
    edge="#4D4D4D",
    edge_unknown="#8C8C8C",
    kinds={
        "activity": KindStyle("box", "filled", "#DCEFFB", "#2F8FCB"),
        "output": KindStyle("box", "rounded,filled", "#FCEBC4", "#C98A00"),
        "outcome": KindStyle("box", "rounded,filled", "#CFEFE4", "#00876A", penwidth="1.6"),
        "impact": KindStyle(
            "box", "rounded,filled,bold", "#0072B2", "#004F7C", font="#FFFFFF",
            penwidth="2", peripheries="2",
        ),
    },
)  # fmt: skip
PRINT = Theme(
    name="print",
    background="#FFFFFF",
    text="#000000",
    muted="#555555",
    edge="#333333",
    edge_unknown="#777777",
    kinds={
        "activity": KindStyle("box", "filled", "#FFFFFF", "#000000", "#000000"),
        "output": KindStyle("box", "rounded,filled", "#F0F0F0", "#000000", "#000000"),
        "outcome": KindStyle(
            "box", "rounded,filled", "#DDDDDD", "#000000", "#000000", penwidth="1.6"
        ),
        "impact": KindStyle(
            "box", "rounded,filled,bold", "#BBBBBB", "#000000", "#000000",
            penwidth="2", peripheries="2",
        ),
    },
    added=("#FFFFFF", "#000000"),
    removed=("#FFFFFF", "#777777"),
    changed=("#E6E6E6", "#000000"),
    unchanged=("#FFFFFF", "#AAAAAA"),
)  # fmt: skip
THEMES: dict[str, Theme] = {"light": LIGHT, "print": PRINT}

KIND_NAMES = {"activity": "Activity", "output": "Output", "outcome": "Outcome", "impact": "Impact"}
RELATION_ARROWS = {"leads_to": "normal", "contributes_to": "onormal", "enables": "odiamond"}
RELATION_NAMES = {"leads_to": "leads to", "contributes_to": "contributes to", "enables": "enables"}


def node_attrs(
    node: Mapping[str, Any], theme: Theme, *, extra_line: str | None = None
) -> dict[str, str]:
    """Label, tooltip, shape and colours of a ToC node."""
    kind = str(node.get("kind"))
    style = theme.kinds.get(kind, theme.kinds["outcome"])
    lines = user_label(node.get("label"))
    if kind in ("outcome", "impact"):
        count = len(node.get("indicators") or [])
        lines.append("")
        lines.append(f"{count} indicator{'' if count == 1 else 's'}")
    if extra_line:
        lines.append(extra_line)
    horizon = node.get("horizon")
    kind_name = KIND_NAMES.get(kind, "Node") + (f" ({horizon} term)" if horizon else "")
    return {
        "label": text_value(lines),
        "tooltip": tooltip(kind_name, node.get("label"), node.get("description")),
        "shape": code(style.shape),
        "style": code(style.style),
        "fillcolor": code(style.fill),
        "color": code(style.border),
        "fontcolor": code(style.font),
        "penwidth": code(style.penwidth),
        "peripheries": code(style.peripheries),
    }


def confidence_style(confidence: object) -> tuple[str, str]:
    """(penwidth, style) for an edge's confidence: thick when high, dashed when low."""
    if isinstance(confidence, int) and not isinstance(confidence, bool):
        if confidence >= 70:
            return "2.6", "solid"
        if confidence >= 40:
            return "1.5", "solid"
    return "1.2", "dashed"


def edge_attrs(edge: Mapping[str, Any], labels: Mapping[str, str], theme: Theme) -> dict[str, str]:
    """Width, dash, arrowhead and tooltip of a ToC edge."""
    penwidth, style = confidence_style(edge.get("confidence"))
    relation = str(edge.get("relation") or "leads_to")
    confidence = edge.get("confidence")
    conf_text = "confidence unknown" if confidence is None else f"confidence {confidence}%"
    return {
        "penwidth": code(penwidth),
        "style": code(style),
        "color": code(theme.edge if confidence is not None else theme.edge_unknown),
        "arrowhead": code(RELATION_ARROWS.get(relation, "normal")),
        "tooltip": tooltip(
            f"{shorten(labels.get(str(edge.get('source')), ''), 60)} → "
            f"{shorten(labels.get(str(edge.get('target')), ''), 60)}",
            RELATION_NAMES.get(relation, relation),
            conf_text,
            edge.get("rationale"),
        ),
    }


def _swatch(fill: str, border: str, text: str, width: str = "110") -> str:
    return (
        f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" WIDTH="{width}" '
        f'CELLPADDING="4"><FONT POINT-SIZE="10">{text}</FONT></TD>'
    )


CONFIDENCE_NOTES = [
    "━━  confidence 70 or more",
    "───  confidence 40\u201369",
    "- - -  below 40 or unknown",
    "▶ leads to   ▷ contributes to   ◇ enables",
]


def legend(
    w: DotWriter,
    theme: Theme,
    rows: list[tuple[str, str, str]],
    direction: str = "BT",
    notes: list[str] | None = None,
) -> None:
    """A legend cluster: a table built only from constants.

    ``rows`` are (fill, border, text) swatches and ``notes`` plain lines; both must be
    constants of this package (they go into an HTML-like label unescaped).
    """
    cells = "".join(f"<TR>{_swatch(*row)}</TR>" for row in rows)
    note_lines = "".join(f'{line}<BR ALIGN="LEFT"/>' for line in (notes or CONFIDENCE_NOTES))
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="1">'
        f'{cells}<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">{note_lines}</FONT></TD></TR>'
        "</TABLE>>"
    )
    w.open(
        "cluster_legend",
        {
            "label": text_value(["Legend"]),
            # cluster labels follow rankdir: "b" is the visual top when bottom-to-top
            "labelloc": code("b" if direction == "BT" else "t"),
            "labeljust": code("l"),
            "fontsize": code(11),
            "fontcolor": code(theme.muted),
            "style": code("rounded"),
            "color": code("#CCCCCC"),
            "margin": code(10),
        },
    )
    w.node("_legend", {"shape": code("plaintext"), "label": table, "margin": code(0)})
    w.close()


def kind_legend_rows(theme: Theme) -> list[tuple[str, str, str]]:
    """Legend rows for the four kinds."""
    rows = []
    for kind in ("impact", "outcome", "output", "activity"):
        style = theme.kinds[kind]
        label = {"impact": "Impact", "outcome": "Outcome", "output": "Output",
                 "activity": "Activity"}[kind]  # fmt: skip
        if style.font.upper() == "#FFFFFF":
            label = f'<FONT COLOR="#FFFFFF">{label}</FONT>'
        rows.append((style.fill, style.border, label))
    return rows
