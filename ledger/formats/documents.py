"""Ledger documents as text: YAML and JSON (sections of records) and JSON Lines (one per line).

Readers yield `(section, Item)` pairs for `ledger.formats.importer`; writers take the sections
of `ledger.formats.exports`. JSON Lines is read line by line, never whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import yaml

from ledger.errors import LedgerError
from ledger.formats import bounded
from ledger.formats.fields import Item
from ledger.formats.model import FORMAT, SECTIONS, TYPES

Sections = Iterable[tuple[str, Iterable[dict]]]
SECTION_TYPE = {section: kind for kind, section in TYPES.items()}


class Record(dict):
    """A mapping read from YAML, remembering the line it started on."""

    line: int | None = None


class _LineLoader(bounded.NoAliasLoader):
    """A safe, bounded YAML loader whose mappings are `Record`s that know their line."""


def _construct_record(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[Record]:
    record = Record()
    record.line = node.start_mark.line + 1
    yield record
    record.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_record)
# Dates stay text while parsing, so that a bad one is reported with its record's line.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # a byte-order mark (Windows tools) is skipped
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LedgerError(f"{path}: not UTF-8 text") from None


def parse_json(path: Path) -> Any:
    try:
        return bounded.loads_json(read_text(path))
    except json.JSONDecodeError as error:
        raise LedgerError(f"{path}, line {error.lineno}: invalid JSON: {_reason(error)}") from None
    except bounded.Refused as error:
        raise LedgerError(f"{path}: refused: {error.message}") from None


def parse_yaml(path: Path) -> Any:
    try:
        return bounded.check(yaml.load(read_text(path), Loader=_LineLoader))
    except bounded.Refused as error:
        raise LedgerError(
            f"{path}, {error.message}"
            if error.message.startswith("line")
            else f"{path}: refused: {error.message}"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        reason = getattr(error, "problem", None) or "invalid YAML"
        raise LedgerError(f"{path}{where}: {reason}") from None


def document_records(document: Any, origin: str) -> Iterator[tuple[str, Item]]:
    """Yield the records of a parsed YAML or JSON ledger document, section by section."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise LedgerError(f"{origin}: not a ledger document (expected `format: {FORMAT}`)")
    unknown = set(document) - {"format", "exported_from", *SECTIONS}
    if unknown:
        raise LedgerError(f"{origin}: unknown section(s) {sorted(unknown)}; expected {SECTIONS}")
    for section in SECTIONS:
        records = document.get(section) or []
        if not isinstance(records, list):
            raise LedgerError(f"{origin}: `{section}` must be a list")
        for index, record in enumerate(records):
            line = getattr(record, "line", None)
            where = f"{origin}, line {line}" if line else f"{origin}, {section}[{index}]"
            yield section, Item(record, where)


def jsonl_records(path: Path, advance: Callable[[int], None]) -> Iterator[tuple[str, Item]]:
    """Yield the records of a JSON Lines ledger file, reading one line at a time."""
    header = False
    try:
        handle = path.open("rb")
    except OSError as error:
        raise LedgerError(f"cannot read {path}: {error.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            advance(len(raw))
            if not raw.strip():
                continue
            record = _json_line(path, number, raw)
            kind = record.pop("type", None)
            if not header:
                if kind != "header" or record.get("format") != FORMAT:
                    raise LedgerError(
                        f"{path}, line {number}: not a ledger JSON Lines file (the first line"
                        f' must be {{"type": "header", "format": "{FORMAT}"}})'
                    )
                header = True
            elif kind not in TYPES:
                raise LedgerError(
                    f"{path}, line {number}: unknown record type {kind!r};"
                    f" expected one of {', '.join(TYPES)}"
                )
            else:
                yield TYPES[kind], Item(record, f"{path}, line {number}")
    if not header:
        raise LedgerError(f"{path}: empty file, not a ledger JSON Lines file")


def _reason(error: json.JSONDecodeError) -> str:
    """Return what is wrong and where on the line (`Expecting value at column 7`)."""
    return f"{error.msg.removesuffix(' at')} at column {error.colno}"


def _json_line(path: Path, number: int, raw: bytes) -> dict:
    try:
        record = bounded.loads_json(raw.decode("utf-8"))
    except bounded.Refused as error:
        raise LedgerError(f"{path}, line {number}: refused: {error.message}") from None
    except UnicodeDecodeError:
        raise LedgerError(f"{path}, line {number}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise LedgerError(f"{path}, line {number}: invalid JSON: {_reason(error)}") from None
    if not isinstance(record, dict):
        raise LedgerError(f"{path}, line {number}: each line must be a JSON object")
    return record


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_json(out: TextIO, header: dict, sections: Sections, tick: Callable[[], None]) -> None:
    """Write a JSON document: the header, then each section with one record per line."""
    out.write("{\n")
    for name, value in header.items():
        out.write(f"  {_compact(name)}: {_compact(value)},\n")
    for index, (section, records) in enumerate(sections):
        out.write(f"  {_compact(section)}: [")
        written = 0
        for record in records:
            out.write(("," if written else "") + f"\n    {_compact(record)}")
            written += 1
            tick()
        out.write("\n  ]" if written else "]")
        out.write(",\n" if index < len(SECTIONS) - 1 else "\n")
    out.write("}\n")


def write_jsonl(out: TextIO, header: dict, sections: Sections, tick: Callable[[], None]) -> None:
    """Write JSON Lines: a header line, then one line per record with its `type`."""
    out.write(_compact({"type": "header", **header}) + "\n")
    for section, records in sections:
        kind = SECTION_TYPE[section]
        for record in records:
            out.write(_compact({"type": kind, **record}) + "\n")
            tick()


def write_yaml(out: TextIO, header: dict, sections: Sections, tick: Callable[[], None]) -> None:
    """Write a YAML document in the shape of the hand-written seeds."""
    document: dict[str, Any] = dict(header)
    for section, records in sections:
        document[section] = []
        for record in records:
            document[section].append(record)
            tick()
    yaml.dump(
        document, out, Dumper=bounded.PlainDumper, allow_unicode=True, sort_keys=False, width=100
    )
