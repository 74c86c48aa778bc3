"""CQL, the query language of SRU: building the queries copy cataloguing sends, and reading the
simple ones (``index relation "term"`` joined by ``and`` / ``or``) that our test server answers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import isbn as stdnum_isbn

from shuyuan.catalog.marc.numbers import clean_isbn


class CqlError(ValueError):
    """A query this reader cannot parse (SRU diagnostic 10, query syntax error)."""


def quote(term: str) -> str:
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def isbn_forms(raw: str) -> list[str]:
    """The ISBN as ISBN-13 and ISBN-10 where it converts: servers index one or the other."""
    cleaned = clean_isbn(raw) or re.sub(r"[^0-9Xx]", "", raw).upper()
    forms = [cleaned] if cleaned else []
    if cleaned and stdnum_isbn.is_valid(cleaned):
        forms = [stdnum_isbn.to_isbn13(cleaned)]
        if forms[0].startswith("978"):
            forms.append(stdnum_isbn.to_isbn10(forms[0]))
    return list(dict.fromkeys(forms))


def build(indexes: dict[str, str], *, isbn: str = "", title: str = "", author: str = "") -> str:
    """A CQL query for the fields given, with the server's index names (``and`` between fields)."""
    clauses = []
    if isbn.strip():
        forms = [f"{indexes['isbn']} = {quote(form)}" for form in isbn_forms(isbn)]
        clauses.append(forms[0] if len(forms) == 1 else "(" + " or ".join(forms) + ")")
    if title.strip():
        clauses.append(f"{indexes['title']} = {quote(title.strip())}")
    if author.strip():
        clauses.append(f"{indexes['author']} = {quote(author.strip())}")
    return " and ".join(clauses)


# ------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Clause:
    index: str
    relation: str
    term: str


@dataclass(frozen=True)
class Boolean:
    operator: str  # "and" | "or" | "not"
    left: Clause | Boolean
    right: Clause | Boolean


Node = Clause | Boolean

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|(<>|<=|>=|==|=|<|>)|([^\s()"=<>]+))')


def _tokens(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    query = query.strip()
    while position < len(query):
        found = _TOKEN.match(query, position)
        if not found or found.end() == position:
            raise CqlError(query)
        opening, closing, quoted, relation, word = found.groups()
        if opening:
            tokens.append(("(", "("))
        elif closing:
            tokens.append((")", ")"))
        elif quoted is not None:
            tokens.append(("term", re.sub(r"\\(.)", r"\1", quoted)))
        elif relation:
            tokens.append(("relation", relation))
        else:
            tokens.append(("word", word))
        position = found.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise CqlError("unexpected end of query")
        self.position += 1
        return token

    def query(self) -> Node:
        node = self.clause()
        while (token := self.peek()) and token[0] == "word" and token[1].lower() in ("and", "or", "not"):
            self.take()
            node = Boolean(token[1].lower(), node, self.clause())
        return node

    def clause(self) -> Node:
        kind, value = self.take()
        if kind == "(":
            node = self.query()
            if self.take()[0] != ")":
                raise CqlError("missing )")
            return node
        if kind not in ("word", "term"):
            raise CqlError(value)
        following = self.peek()
        if kind == "word" and following and (following[0] == "relation" or following[1].lower() in _WORD_RELATIONS):
            relation = self.take()[1].lower()
            term_kind, term = self.take()
            if term_kind not in ("word", "term"):
                raise CqlError(term)
            return Clause(value.lower(), relation, term)
        return Clause("cql.serverchoice", "=", value)


_WORD_RELATIONS = {"any", "all", "adj", "exact", "within"}


def parse(query: str) -> Node:
    parser = _Parser(_tokens(query))
    node = parser.query()
    if parser.peek() is not None:
        raise CqlError("unexpected " + parser.peek()[1])  # type: ignore[index]
    return node
