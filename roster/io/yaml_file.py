"""Safe YAML reading that keeps shift times and codes as people wrote them.

Plain YAML 1.1 reads `07:30` as the number 450 (base 60) and `off` as False, and silently keeps
the last of two equal keys. A roster file is full of clock times and the word `off`, so this loader
reads both as text, rejects duplicate keys, and never builds objects from tags (it is a SafeLoader).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from roster.errors import InputError
from roster.i18n import Text
from roster.io import places
from roster.io.text_file import read_utf8


class _RosterLoader(yaml.SafeLoader):
    pass


_SCALARS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9_]*)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$",
        "-+0123456789.",
    ),
]


def _plain_resolvers() -> dict:
    """SafeLoader's resolvers without base-60 numbers, octal, or yes/no/on/off booleans."""
    out: dict = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        out[first] = [(tag, rx) for tag, rx in resolvers if not tag.endswith((":int", ":float", ":bool"))]
    for tag, pattern, firsts in _SCALARS:
        for ch in firsts:
            out.setdefault(ch, []).append((tag, re.compile(pattern)))
    return out


_RosterLoader.yaml_implicit_resolvers = _plain_resolvers()


class _DuplicateKey(yaml.YAMLError):
    """A key written twice in one mapping: ours to word, in both languages."""

    def __init__(self, key: Any, first_line: int, mark: yaml.Mark):
        super().__init__(f"duplicate key {key!r}")
        self.problem_mark = mark
        self.problem = Text(
            "duplicate key {key} (first on line {line})",
            "nøkkelen {key} står to ganger (første gang på linje {line})",
            key=repr(key),
            line=first_line,
        )


def _mapping_without_duplicates(loader: _RosterLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):
            continue  # a list or mapping as a key: SafeLoader's own error names it below
        if key in seen:
            raise _DuplicateKey(key, seen[key] + 1, key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_RosterLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: dict(_mapping_without_duplicates(loader, node)),
)


# The parser's most common complaints, in words a unit leader editing the file can act on. The
# English keeps the parser's own phrase in brackets (it is what a web search finds); any other
# complaint is passed on as the parser words it, in both languages.
_PROBLEMS = [
    (
        r"mapping values are not allowed here",
        "a ':' where no key can start (put a value that holds ': ' in quotes, or check the indentation)",
        "et ':' der ingen nøkkel kan begynne (sett en verdi med ': ' i anførselstegn, eller sjekk innrykket)",
    ),
    (
        r"expected <block end>, but found",
        "the indentation does not match the lines above",
        "innrykket stemmer ikke med linjene over",
    ),
    (
        r"found character '\\t' that cannot start any token",
        "a tab character: indent with spaces",
        "et tabulatortegn: bruk mellomrom til innrykk",
    ),
    (
        r"found character '(?P<char>.+)' that cannot start any token",
        "a value cannot start with '{char}' (put it in quotes)",
        "en verdi kan ikke begynne med '{char}' (sett den i anførselstegn)",
    ),
    (
        r"quoted scalar: found unexpected end of stream",
        "the file ends inside a quoted value (a closing quote is missing)",
        "filen slutter inne i en verdi i anførselstegn (et avsluttende anførselstegn mangler)",
    ),
    (
        r"expected ',' or '(?P<bracket>[\]}])', but",
        "a list or mapping in brackets is not closed with '{bracket}'",
        "en liste eller tabell i klammer er ikke lukket med '{bracket}'",
    ),
    (
        r"found unknown escape character '(?P<char>.+)'",
        "'\\{char}' is not a known escape sequence inside double quotes (use single quotes)",
        "'\\{char}' er ikke en kjent escape-sekvens i doble anførselstegn (bruk enkle anførselstegn)",
    ),
    (
        r"found undefined alias '(?P<name>.+)'",
        "'*{name}' refers to an anchor '&{name}' that is not defined above it",
        "'*{name}' viser til et anker '&{name}' som ikke er definert over",
    ),
]


def _problem(exc: yaml.YAMLError) -> Text:
    """What is wrong, in both languages where the parser's complaint is a common one."""
    if isinstance(exc, _DuplicateKey):
        return exc.problem
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    said = f"{context}: {problem}" if context else problem
    for pattern, english, norwegian in _PROBLEMS:
        found = re.search(pattern, said)
        if found:
            return Text(english + " [{parser}]", norwegian, parser=problem, **found.groupdict())
    return Text.literal(said)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text; errors name the source, line and column."""
    try:
        return yaml.load(text, Loader=_RosterLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise InputError(
            source,
            Text(
                "not valid YAML: lists or mappings nested too deeply",
                "ikke gyldig YAML: lister eller tabeller nøstet for dypt",
            ),
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = places.line(mark.line + 1, mark.column + 1) if mark else ""
        what = _problem(exc)
        raise InputError(
            source, [(where, Text("not valid YAML: {what}", "ikke gyldig YAML: {what}", what=what))]
        ) from None


def read_yaml(path: str | Path) -> Any:
    """Read a YAML file as UTF-8; a missing, unreadable or non-UTF-8 file is an InputError."""
    text = read_utf8(Path(path))
    return parse_yaml(text, str(path))
