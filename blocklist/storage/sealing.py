"""Which fields of each collection hold personal data, sealed on the way in and opened on the way out.

Stores call `seal` before writing a document and `open` on what they read, so services work with
plain values and MongoDB (and every dump or backup of it) holds ciphertext. Paths name a field
(`subject.name`), every item of a list (`names[]`), or a field of every item (`identifiers[].value`).
Lookups never query these fields: exact matching uses HMAC keys, fuzzy matching the in-memory index.
"""

from __future__ import annotations

import functools
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


Paths = dict[str, "Paths | None"]


@functools.lru_cache(maxsize=64)
def _tree(paths: tuple[str, ...]) -> Paths:
    """The paths as a tree of field names, so that a document's containers are each copied once, however
    many of its fields are sealed (`{"subject": {"name": None, "email": None}, "names[]": None}`)."""
    tree: Paths = {}
    for path in paths:
        node = tree
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})  # type: ignore[assignment]
        node[leaf] = None
    return tree


def _apply(value: Any, tree: Paths | None, fn: Callable[[Any, str], Any], path: str) -> Any:
    """`value` with `fn(field value, path)` applied at every leaf of `tree`; containers on the way are copied,
    not changed."""
    if tree is None:
        return fn(value, path) if isinstance(value, str) else value
    if not isinstance(value, dict):
        return value
    copied = None
    for head, subtree in tree.items():
        name = head.removesuffix("[]")
        item = value.get(name)
        if item is None:
            continue
        where = f"{path}.{head}" if path else head
        if head.endswith("[]"):
            if not isinstance(item, list):
                continue
            changed: Any = [_apply(element, subtree, fn, where) for element in item]
        else:
            changed = _apply(item, subtree, fn, where)
        if copied is None:
            copied = dict(value)
        copied[name] = changed
    return value if copied is None else copied


def transform(doc: dict[str, Any], paths: tuple[str, ...], fn: Callable[[Any, str], Any]) -> dict[str, Any]:
    """A copy of `doc` with `fn(value, path)` (seal or open) applied to every field the paths name."""
    return _apply(doc, _tree(paths), fn, "")
