"""Canonical form of an HTML fragment, for comparing our partials with GOV.UK's fixtures.

Nunjucks and Django templates differ in whitespace, attribute order and entity style, none of
which changes what a browser builds, so those differences are removed here and nothing else.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Class order carries no meaning. (aria-describedby order does: screen readers read in that
# order, so it is only whitespace-normalised like every other value.)
TOKEN_LIST_ATTRS = {"class"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

Token = tuple[str, ...]


class _Canon(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parts = []
        for name, value in attrs:
            value = "" if value is None else value
            if name in TOKEN_LIST_ATTRS:
                value = " ".join(sorted(value.split()))
            else:
                value = re.sub(r"\s+", " ", value).strip()
            parts.append(f"{name}={value}")
        self.tokens.append(("start", tag, *sorted(parts)))
        if tag in VOID_TAGS:
            self.tokens.append(("end", tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.tokens.append(("end", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS:
            self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data).strip()
        if not text:
            return
        # Adjacent text (split by a comment or by convert_charrefs) is one text node.
        if self.tokens and self.tokens[-1][0] == "text":
            text = f"{self.tokens.pop()[1]} {text}"
        self.tokens.append(("text", text))


def canonical(html: str) -> list[Token]:
    parser = _Canon()
    parser.feed(html)
    parser.close()
    return parser.tokens


def pretty(tokens: list[Token]) -> str:
    """One token a line, indented by depth, so a failing diff reads like the markup."""
    lines, depth = [], 0
    for token in tokens:
        if token[0] == "end":
            depth -= 1
        lines.append("  " * max(depth, 0) + " ".join(token))
        if token[0] == "start":
            depth += 1
    return "\n".join(lines)
