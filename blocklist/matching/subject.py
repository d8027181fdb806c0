"""A subject (name, email, phone as typed) turned into canonical forms and keys, once, at the edge of the domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from blocklist.credentials import Pseudonymiser
from blocklist.matching.email import CanonicalEmail, canonical_email, typo_gates, typo_neighbourhood
from blocklist.matching.index import identifier_keys, pack_name
from blocklist.matching.names import NameKeys, name_keys
from blocklist.matching.phone import CanonicalPhone, canonical_phone

# the kinds of match key that are partial identifiers: the mailbox name (l) and the last 8 digits (t)
PARTIAL_KINDS = ("l", "t")


@dataclass(frozen=True)
class PreparedSubject:
    """Everything matching needs about one subject."""

    name: NameKeys | None
    email: CanonicalEmail | None
    phone: CanonicalPhone | None
    # HMAC pseudonyms of the canonical email and phone: what case linking and blocks match on
    email_key: str | None = None
    phone_key: str | None = None
    # the match index's identifier keys, pseudonymised (see Pseudonymiser.match_keys)
    match_keys: tuple[str, ...] = ()
    # during a pepper rotation: the same under the previous pepper, (field, key) and match keys
    previous_exact_keys: tuple[tuple[str, str], ...] = ()
    previous_match_keys: tuple[str, ...] = ()

    @property
    def exact_keys(self) -> tuple[str, ...]:
        return tuple(k for k in (self.email_key, self.phone_key) if k)

    @property
    def packed_name(self) -> str | None:
        return pack_name(self.name) if self.name and not self.name.empty else None

    def canonical_document(self) -> dict[str, Any]:
        """The canonical forms stored beside the raw values."""
        doc: dict[str, Any] = {}
        if self.email is not None:
            doc.update(email=self.email.canonical, email_normalized=self.email.normalized,
                       email_valid=self.email.valid, email_problem=self.email.problem,
                       disposable_email=self.email.disposable, masked_email=self.email.masked)
        if self.phone is not None:
            doc.update(phone=self.phone.e164, phone_valid=self.phone.valid, phone_problem=self.phone.problem,
                       phone_type=self.phone.number_type, phone_parsed_as=self.phone.parsed_as,
                       phone_digits=self.phone.digits)
        if self.name is not None and not self.name.empty:
            doc.update(name=self.name.latin, name_packed=pack_name(self.name), name_mixed_script=self.name.mixed_script)
        return doc


def prepare_subject(name: str | None, email: str | None, phone: str | None, region: str | None,
                    pseudonymiser: Pseudonymiser, for_lookup: bool = False) -> PreparedSubject:
    """Canonicalise a subject as typed at a salon in `region` (the default phone region: the salon's
    country, or the customer's when the salon knows it).

    `for_lookup` prepares what a lookup needs: no name (it is prepared only when a candidate needs
    it), and of the match keys only the partial ones (exact matches go by email_key and phone_key).
    """
    email_c = canonical_email(email) if email else None
    phone_c = canonical_phone(phone, region) if phone else None
    plain_match_keys = identifier_keys([email_c] if email_c else [], [phone_c] if phone_c else [])
    if for_lookup:
        plain_match_keys = [key for key in plain_match_keys if key[0] in PARTIAL_KINDS]
    previous = pseudonymiser.previous
    exact = [("email", "email", email_c.canonical if email_c else None), ("phone", "phone", phone_c.e164 if phone_c else None)]
    return PreparedSubject(
        name=name_keys(name) if name and not for_lookup else None, email=email_c, phone=phone_c,
        email_key=pseudonymiser.key("email", email_c.canonical) if email_c and email_c.canonical else None,
        phone_key=pseudonymiser.key("phone", phone_c.e164) if phone_c and phone_c.e164 else None,
        match_keys=tuple(pseudonymiser.match_keys(plain_match_keys)),
        previous_exact_keys=tuple((field, previous.key(kind, value)) for field, kind, value in exact if value)
        if previous else (),
        previous_match_keys=tuple(previous.match_keys(plain_match_keys)) if previous else ())


def listing_match_keys(kind: str, value: str, pseudonymiser: Pseudonymiser) -> list[str]:
    """The lookup index's keys of one listed identifier (a canonical email or phone): its exact and weak
    keys, and for an email the typo neighbourhood of its mailbox name."""
    if kind == "email":
        email = canonical_email(value)
        return (pseudonymiser.match_keys(identifier_keys([email], []))
                + pseudonymiser.typo_keys(typo_neighbourhood(email), typo_gates(email)))
    return pseudonymiser.match_keys(identifier_keys([], [canonical_phone(value, None)]))
