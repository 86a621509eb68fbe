"""A small lexer for the DOT this package writes, to check what reaches Graphviz."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<arrow>->)
  | (?P<punct>[{}\[\]=;,])
  | (?P<html><)
  | (?P<id>[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class Token:
    kind: str
    text: str


def _html_end(source: str, start: int) -> int:
    depth = 0
    for i in range(start, len(source)):
        if source[i] == "<":
            depth += 1
        elif source[i] == ">":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("unterminated HTML string")


def tokens(source: str) -> list[Token]:
    """DOT tokens; raises ValueError on anything the lexer would not accept."""
    out: list[Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if not m:
            raise ValueError(f"unexpected character at {pos}: {source[pos : pos + 20]!r}")
        kind = m.lastgroup or ""
        if kind == "html":
            end = _html_end(source, pos)
            out.append(Token("html", source[pos:end]))
            pos = end
            continue
        if kind != "ws":
            out.append(Token(kind, m.group()))
        pos = m.end()
    return out


def attributes(toks: list[Token]) -> list[tuple[str, Token]]:
    """Every ``key = value`` pair, in order."""
    pairs = []
    for i in range(1, len(toks) - 1):
        if toks[i].text == "=" and toks[i].kind == "punct":
            pairs.append((toks[i - 1].text.strip('"'), toks[i + 1]))
    return pairs


def unquote(text: str) -> str:
    """The value of a quoted DOT string as the lexer reads it (only ``\\"`` unescaped)."""
    assert text.startswith('"') and text.endswith('"')
    return re.sub(r'\\"', '"', text[1:-1])
