"""Parsing JSON and YAML from files nobody vouches for, within bounds.

A ledger document is flat: sections of records whose values are text, numbers and short lists.
Anything far outside that shape is refused with one line before it can exhaust memory or the
stack: integers of thousands of digits, nesting hundreds deep, YAML aliases (an 853-byte
"billion laughs" file expands to gigabytes), and text that is not valid Unicode (lone surrogates
from `\\ud800` escapes, which no database can store).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ledger.errors import LedgerError

MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 32
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class Refused(LedgerError):
    """A document outside the bounds; the caller adds where it was read from."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise Refused(f"a number of {len(text)} digits; at most {MAX_NUMBER_DIGITS}")
    return int(text)


def _real(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS + 8:
        raise Refused(f"a number written with {len(text)} characters")
    return float(text)


def _constant(name: str) -> float:
    raise Refused(f"{name} is not a number JSON allows")


def check(value: Any, depth: int = 0) -> Any:
    """Refuse values nested deeper than `MAX_DEPTH` or holding lone surrogates; return `value`."""
    if depth > MAX_DEPTH:
        raise Refused(f"values nested more than {MAX_DEPTH} deep")
    if isinstance(value, str):
        if _LONE_SURROGATE.search(value):
            raise Refused("text holding a lone surrogate (\\ud800-\\udfff), which is not Unicode")
    elif isinstance(value, dict):
        for key, item in value.items():
            check(key, depth + 1)
            check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check(item, depth + 1)
    return value


_DECODER = json.JSONDecoder(parse_int=_integer, parse_float=_real, parse_constant=_constant)
"""One decoder for every document: `json.loads` with these options builds a new one per call."""


def loads_json(text: str) -> Any:
    """Parse JSON text, refusing what `check` refuses and numbers past `MAX_NUMBER_DIGITS`."""
    if text.startswith("\ufeff"):  # what json.loads refuses before decoding
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    try:
        value = _DECODER.decode(text)
    except RecursionError:
        raise Refused(f"values nested more than {MAX_DEPTH} deep") from None
    if _plainly_within(text):
        return value
    return check(value)


def _plainly_within(text: str) -> bool:
    """Whether JSON text cannot hold what `check` refuses, seen from the text alone.

    True for the usual record (a bulk import's every line): too few brackets to nest past
    `MAX_DEPTH`, no surrogate in it, no `\\ud800`-style escape that would decode to one. Walking
    each parsed value instead took a third of the time of parsing the line.
    """
    return (
        text.count("{") + text.count("[") <= MAX_DEPTH
        and not _SURROGATE_ESCAPE.search(text)
        and not _LONE_SURROGATE.search(text)
    )


class NoAliasLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses aliases (`*name`) and deep nesting while composing."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise Refused(
                f"line {mark.line + 1}: YAML aliases (*name) are not accepted in ledger documents;"
                " write the value out"
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise Refused(f"line {mark.line + 1}: values nested more than {MAX_DEPTH} deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = str(node.value).replace("_", "").lstrip("+-")
        if len(digits) > MAX_NUMBER_DIGITS:
            raise Refused(f"line {node.start_mark.line + 1}: a number of {len(digits)} digits")
        return super().construct_yaml_int(node)


NoAliasLoader.add_constructor("tag:yaml.org,2002:int", NoAliasLoader.construct_yaml_int)


class PlainDumper(yaml.SafeDumper):
    """Write every value out in full: ledger's reader refuses aliases, so its writers make none."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
