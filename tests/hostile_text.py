"""A corpus of hostile text and a valid document made of it, for every layer's tests.

DOT and HTML syntax, Graphviz escapes and file attributes, script, URLs, entities, control
and bidi characters, huge and odd Unicode: all storable (no NUL, no lone surrogates,
which the model refuses; see tests/unit/domain/test_text.py).
"""

from __future__ import annotations

from typing import Any

from toc_editor.domain.model import from_document, to_document

#: Hostile text: DOT and HTML syntax, Graphviz escapes and file attributes, script, URLs,
#: entities, control and bidi characters, huge and odd Unicode.
HOSTILE: list[str] = [
    '"',
    '\\"',
    "\\",
    "ends with a backslash \\",
    "\\\\",
    "\\\\\\",
    "\\N \\G \\E \\T \\H \\L",
    "\\l left \\r right \\n newline",
    '"]; node [image="/etc/passwd"]; "',
    '" ] ; "x" -> "y" [label="injected',
    "} digraph evil { a -> b",
    "subgraph cluster_evil { label=x }",
    "strict digraph node edge graph",
    "{rank=same; a; b}",
    "a -> b -> c",
    "<b>bold</b>",
    "<<TABLE><TR><TD>x</TD></TR></TABLE>>",
    '<IMG SRC="/etc/passwd"/>',
    "image=/etc/passwd",
    'shapefile="/etc/passwd" shape=custom',
    "imagepath=/ fontpath=/ stylesheet=evil.css",
    'URL="javascript:alert(1)" href="javascript:alert(1)"',
    "javascript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    '<img src=x onerror="alert(1)">',
    '" onload="alert(1)" x="',
    "<foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject>",
    'xlink:href="javascript:alert(1)"',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#1; &#x0; &#x202e; &#65533; &amp; &",
    "]]><!-- -->",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    '<?xml-stylesheet href="evil.css"?>',
    "style=\"background:url('javascript:alert(1)')\" @import url(x)",
    "control \x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85 chars",
    "right-to-left \u202eoverride\u202c and \u2066isolate\u2069 \u200f",
    "line1\nline2\rline3\r\nline4\u2028line5\t\ttab",
    "emoji 😀 👩‍👩‍👧 🏳️‍🌈 📏",
    "BOM \ufeff and nonchars \ufffe \uffff",
    "Z̴̡̛̘̼̭̑͗a̷̢̛l̶̨̛g̵̢̛o̶̧̜",
    "عربى שלום mixed RTL text",
    "%s %n %x %3 ${7*7} {{7*7}}",
    "W" * 300,
    "word " * 60,
]


def normalized(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as ``to_document(from_document(doc))`` gives it."""
    return to_document(from_document(doc))


def hostile_doc(texts: list[str], *, long_text: bool = True) -> dict[str, Any]:
    """A valid document whose every text field is hostile, one chain per string."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    big = ("x" * 9_990 + " <script>") if long_text else "x"
    for i, text in enumerate(texts):
        short = text[:300] or "x"
        ids = [f"h{i}-a", f"h{i}-o", f"h{i}-i"]
        nodes.append(
            {
                "id": ids[0],
                "kind": "activity",
                "label": short,
                "description": big,
                "assumptions": [text[:2000] or "x"],
                "tags": [text[:100] or "x"],
            }
        )
        nodes.append(
            {
                "id": ids[1],
                "kind": "outcome",
                "horizon": "short",
                "label": short,
                "description": text[:10_000] or "x",
                "indicators": [
                    {
                        "id": f"{ids[1]}-ind",  # indicator ids are unique per graph
                        "name": short,
                        "unit": text[:500],
                        "baseline": text[:500],
                        "target": 5,
                        "source": text[:500],
                        "vocabulary": text[:500],
                        "code": text[:500],
                    },
                ],
            }
        )
        nodes.append({"id": ids[2], "kind": "impact", "label": short})
        edges.append(
            {
                "id": f"h{i}-e1",
                "source": ids[0],
                "target": ids[1],
                "rationale": big,
                "assumptions": [text[:2000] or "x"],
                "confidence": 80,
                "evidence": [
                    {
                        "title": text[:500] or "x",
                        "url": 'https://example.org/a?b="c"<d>',
                        "strength": "weak",
                    }
                ],
            }
        )
        edges.append(
            {
                "id": f"h{i}-e2",
                "source": ids[1],
                "target": ids[2],
                "rationale": short,
                "relation": "enables",
            }
        )
    return normalized({"nodes": nodes, "edges": edges})
