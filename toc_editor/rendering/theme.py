"""How a diagram looks: themes, the palette, node and edge styles, the legend.

The palette is one file, ``palette.json`` beside this module, read by the editor's
diagram too (``frontend/src/view/palette.ts``), so the screen and every export show a
kind in the same colours. Shape and fill per kind come from the Okabe-Ito palette (shapes
differ by kind too, so colour is never the only cue); edge width and dash come from
confidence (dashed only when a confidence is set and low: an arrow nobody rated is thin,
grey and solid), the arrowhead from the relation. The legend is the only HTML-like label
in any diagram, and it is built from the constants of this module only.

The ``progress`` theme draws each box in the colours of its status (``palette.json``'s
``progress``: a border, a tint and a word with a mark, so the word carries the meaning and
the colour repeats it), from statuses the caller passes in (:func:`progress_node_attrs`):
rendering never reads results itself.

>>> THEMES["light"].kinds["impact"].peripheries, confidence_style(75)
('2', ('2.6', 'solid'))
>>> confidence_style(20), confidence_style(None)
(('1.2', 'dashed'), ('1.2', 'solid'))
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from .dot_writer import DotWriter, code, text_value, tooltip, user_label
from .text import clean, shorten

__all__ = [
    "CONFIDENCE_NOTES",
    "KIND_NAMES",
    "PALETTE",
    "PROGRESS",
    "PROGRESS_NOTES",
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
    "progress_legend_rows",
    "progress_lines",
    "progress_node_attrs",
]

#: The shared palette (``palette.json``), as read; the names below are views of it.
PALETTE: dict[str, Any] = json.loads(
    resources.files(__package__).joinpath("palette.json").read_text(encoding="utf-8")
)


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


def _theme(name: str, spec: Mapping[str, Any]) -> Theme:
    """A Theme from its entry in the palette (a kind's text colour defaults to the theme's)."""
    kinds = {
        kind: KindStyle(
            shape=k["shape"],
            style=k["style"],
            fill=k["fill"],
            border=k["border"],
            font=k.get("font", spec["text"]),
            penwidth=k.get("penwidth", "1.2"),
            peripheries=k.get("peripheries", "1"),
        )
        for kind, k in spec["kinds"].items()
    }
    diff = spec["diff"]
    return Theme(
        name=name,
        background=spec["background"],
        text=spec["text"],
        muted=spec["muted"],
        edge=spec["edge"],
        edge_unknown=spec["edge_unknown"],
        kinds=kinds,
        fontname=PALETTE["fontname"],
        added=tuple(diff["added"]),  # type: ignore[arg-type]
        removed=tuple(diff["removed"]),  # type: ignore[arg-type]
        changed=tuple(diff["changed"]),  # type: ignore[arg-type]
        unchanged=tuple(diff["unchanged"]),  # type: ignore[arg-type]
    )


THEMES: dict[str, Theme] = {name: _theme(name, spec) for name, spec in PALETTE["themes"].items()}
LIGHT = THEMES["light"]
PRINT = THEMES["print"]
#: The light theme's frame and arrows; boxes take their status's colours.
THEMES["progress"] = replace(LIGHT, name="progress")
#: Words, marks and colours of the statuses (``palette.json``'s ``progress``).
PROGRESS: dict[str, Any] = PALETTE["progress"]

KIND_NAMES: dict[str, str] = dict(PALETTE["kind_names"])
RELATION_ARROWS = {k: v["arrowhead"] for k, v in PALETTE["relations"].items()}
RELATION_NAMES = {k: v["name"] for k, v in PALETTE["relations"].items()}
_LEVELS: list[dict[str, Any]] = PALETTE["confidence"]["levels"]
_UNKNOWN: dict[str, str] = PALETTE["confidence"]["unknown"]


def node_attrs(
    node: Mapping[str, Any],
    theme: Theme,
    *,
    extra_line: str | None = None,
    extra_lines: Sequence[str] = (),
    notes: Sequence[object] = (),
) -> dict[str, str]:
    """Label, tooltip, shape and colours of a ToC node (``extra_lines`` end the label,
    ``notes`` the tooltip)."""
    kind = str(node.get("kind"))
    style = theme.kinds.get(kind, theme.kinds["outcome"])
    lines = user_label(node.get("label"))
    if kind in ("outcome", "impact"):
        count = len(node.get("indicators") or [])
        lines.append("")
        lines.append(f"{count} indicator{'' if count == 1 else 's'}")
    if extra_line:
        lines.append(extra_line)
    if extra_lines:
        lines.append("")
        lines.extend(extra_lines)
    horizon = node.get("horizon")
    kind_name = KIND_NAMES.get(kind, "Node") + (f" ({horizon} term)" if horizon else "")
    return {
        "label": text_value(lines),
        "tooltip": tooltip(kind_name, node.get("label"), node.get("description"), *notes),
        "shape": code(style.shape),
        "style": code(style.style),
        "fillcolor": code(style.fill),
        "color": code(style.border),
        "fontcolor": code(style.font),
        "penwidth": code(style.penwidth),
        "peripheries": code(style.peripheries),
    }


def progress_lines(mark: Mapping[str, Any] | None) -> list[str]:
    """The status words a box shows in the progress theme (from the palette only).

    >>> progress_lines({"status": "behind", "upstream": "at_risk"})
    ['▲ Behind', '⚠ At risk upstream']
    >>> progress_lines({"status": "no_target", "upstream": "ok"}), progress_lines(None)
    ([], [])
    """
    if not mark:
        return []
    lines = []
    look = PROGRESS["statuses"].get(mark.get("status"))
    if look is not None:
        lines.append(f"{look['mark']} {look['word']}")
    if mark.get("upstream") == "at_risk":
        lines.append(f"{PROGRESS['upstream']['mark']} {PROGRESS['upstream']['word']}")
    return lines


def progress_node_attrs(
    node: Mapping[str, Any], theme: Theme, mark: Mapping[str, Any] | None
) -> dict[str, str]:
    """A box in the progress theme: :func:`node_attrs` with its status's border, tint and
    words (``mark``: ``{"status", "upstream", "reasons": [{"id", "label", "status"}]}``,
    the API's form of a box's progress; None: no status). Only the status names choose
    colours and words; the reasons' labels go into the tooltip, cleaned and escaped.

    >>> a = progress_node_attrs({"id": "n", "kind": "output", "label": "Clubs"},
    ...                         THEMES["progress"], {"status": "off_track"})
    >>> a["color"], a["fillcolor"], a["label"].endswith('✕ Off track"')
    ('"#D55E00"', '"#F9D9C6"', True)
    """
    mark = mark or {}
    status = mark.get("status")
    at_risk = mark.get("upstream") == "at_risk"
    look = PROGRESS["statuses"].get(status)
    notes: list[object] = []
    if look is not None:
        notes.append(look["word"])
    if at_risk:
        names = [
            f"{clean(r.get('label'), 60) or r.get('id')} ({_word(r.get('status'))})"
            for r in mark.get("reasons") or ()
            if isinstance(r, Mapping)
        ]
        notes.append(f"{PROGRESS['upstream']['word']}: " + ", ".join(names[:8]))
    attrs = node_attrs(node, theme, extra_lines=progress_lines(mark), notes=notes)
    plain = PROGRESS["none"]
    border = (
        look["border"] if look else PROGRESS["upstream"]["border"] if at_risk else plain["border"]
    )
    kind_style = theme.kinds.get(str(node.get("kind")), theme.kinds["outcome"]).style
    styles = [s for s in kind_style.split(",") if s not in ("bold", "dashed")]
    if look is not None and look.get("style") == "dashed":
        styles.append("dashed")
    attrs.update(
        fillcolor=code(look["fill"] if look else plain["fill"]),
        color=code(border),
        fontcolor=code(theme.text),
        style=code(",".join(styles)),
        penwidth=code("2.8" if look else "2" if at_risk else "1.2"),
    )
    return attrs


def _word(status: object) -> str:
    look = PROGRESS["statuses"].get(status)
    return str(look["word"]).lower() if look else "no status"


def progress_legend_rows() -> list[tuple[str, str, str]]:
    """Legend rows for the statuses (palette constants only)."""
    rows = [
        (look["fill"], look["border"], f"{look['mark']} {look['word']}")
        for look in PROGRESS["statuses"].values()
    ]
    upstream, plain = PROGRESS["upstream"], PROGRESS["none"]
    rows.append((plain["fill"], upstream["border"], f"{upstream['mark']} {upstream['word']}"))
    rows.append((plain["fill"], plain["border"], plain["word"]))
    return rows


def confidence_style(confidence: object) -> tuple[str, str]:
    """(penwidth, style) for an edge's confidence: thick when high, dashed only when a
    confidence is set and low; thin and solid when none is set."""
    if isinstance(confidence, int) and not isinstance(confidence, bool):
        for level in _LEVELS:
            if confidence >= level["min"]:
                return level["penwidth"], level["style"]
    return _UNKNOWN["penwidth"], _UNKNOWN["style"]


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


def _confidence_notes() -> list[str]:
    strong, moderate = (level["min"] for level in _LEVELS[:2])
    return [
        f"━━  confidence {strong} or more",
        f"───  confidence {moderate}\u2013{strong - 1}",
        f"- - -  confidence below {moderate}",
        "thin grey  no confidence set",
        "▶ leads to   ▷ contributes to   ◇ enables",
    ]


CONFIDENCE_NOTES = _confidence_notes()
PROGRESS_NOTES = [
    "A box: the worst status of its indicators;",
    f"{PROGRESS['upstream']['mark']} {PROGRESS['upstream']['word'].lower()}: a box with a path",
    "into it is behind or off track",
    *CONFIDENCE_NOTES,
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
