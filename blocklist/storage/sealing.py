"""Which fields of each collection hold personal data, sealed on the way in and opened on the way out.

Stores call `seal` before writing a document and `open` on what they read, so services work with
plain values and MongoDB (and every dump or backup of it) holds ciphertext. Paths name a field
(`subject.name`), every item of a list (`names[]`), or a field of every item (`identifiers[].value`).
Lookups never query these fields: exact matching uses HMAC keys, fuzzy matching the in-memory index.
"""

from __future__ import annotations

from typing import Any, Callable

REPORT_FIELDS = ("subject.name", "subject.email", "subject.phone", "canonical.email", "canonical.email_normalized",
                 "canonical.phone", "canonical.phone_digits", "canonical.name", "canonical.name_packed",
                 "evidence.notes")
CASE_FIELDS = ("identifiers[].value", "names[]", "name_packed[]", "typed_names[]", "reports[].name_packed",
               "history[].identifiers[]", "history[].note", "decision.identifiers[].value", "decision.note")
# a case's row in the queue (storage/cases.py): the names and identifiers it shows
CASE_QUEUE_FIELDS = ("identifiers[].value", "names[]", "typed_names[]")
ENTRY_FIELDS = ("value", "names[]", "name_packed[]", "typed_names[]", "note", "lift_note")
APPEAL_FIELDS = ("name", "email", "phone", "message", "note", "phone_e164")
NOTE_FIELDS = ("text",)
# who a salon looked up in the portal, as typed (for "what happened to this booking?"; kept 30 days)
PORTAL_LOOKUP_FIELDS = ("label",)


def _apply(value: Any, parts: list[str], fn: Callable[[Any], Any]) -> Any:
    """`value` with `fn` applied at the path `parts`; containers on the way are copied, not changed."""
    if not parts:
        return fn(value) if isinstance(value, str) else value
    head, rest = parts[0], parts[1:]
    if not isinstance(value, dict) or value.get(head.removesuffix("[]")) is None:
        return value
    if head.endswith("[]"):
        name = head[:-2]
        items = value[name]
        return {**value, name: [_apply(item, rest, fn) for item in items]} if isinstance(items, list) else value
    return {**value, head: _apply(value[head], rest, fn)}


def apply_at(doc: dict[str, Any], path: str, fn: Callable[[Any], Any]) -> dict[str, Any]:
    """A copy of `doc` with `fn` applied to the field(s) one path names."""
    return _apply(doc, path.split("."), fn)


def transform(doc: dict[str, Any], paths: tuple[str, ...], fn: Callable[[Any], Any]) -> dict[str, Any]:
    """A copy of `doc` with `fn` (seal or open) applied to every field the paths name."""
    for path in paths:
        doc = _apply(doc, path.split("."), fn)
    return doc
