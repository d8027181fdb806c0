import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from blocklist.matching import canonical_email


@pytest.mark.parametrize("raw, canonical", [
    ("J.O.H.N.Doe+salon@GoogleMail.com", "johndoe@gmail.com"),
    ("john.doe@gmail.com", "johndoe@gmail.com"),
    ("Anna+x@Hotmail.DE", "anna@hotmail.de"),
    ("m.sahin+rezervasyon@outlook.com", "m.sahin@outlook.com"),
    ("femke+1@live.nl", "femke@live.nl"),
    ("bram+x@icloud.com", "bram@icloud.com"),
    ("bram@me.com", "bram@icloud.com"),
    ("bram@mac.com", "bram@icloud.com"),
    ("zoe_li@pm.me", "zoeli@proton.me"),
    ("zoe.li+a@protonmail.com", "zoeli@proton.me"),
    ("ivan.petrov@ya.ru", "ivan-petrov@yandex.ru"),
    ("ivan.petrov+x@yandex.com", "ivan-petrov@yandex.ru"),
    ("booking@jan.fastmail.com", "jan@fastmail.com"),
    ("jan+booking@fastmail.com", "jan@fastmail.com"),
    ("base-salon@yahoo.com", "base@yahoo.com"),
    ("base-x@ymail.com", "base@ymail.com"),
    ("ｊｏｈｎ@gmail.com", "john@gmail.com"),
    ("\u200bola.kot@wp.pl", "ola.kot@wp.pl"),
    ("Ola.Kot+x@wp.pl", "ola.kot+x@wp.pl"),  # unknown provider: tags and dots are kept
    ("anna@mail.ru", "anna@mail.ru"),
    ("info@Bücher.de", "info@xn--bcher-kva.de"),
])
def test_canonical_email_applies_provider_rules(raw, canonical):
    result = canonical_email(raw)
    assert result.valid, result.problem
    assert result.canonical == canonical


def test_canonical_email_keeps_workspace_dots_and_national_hotmail_domains():
    assert canonical_email("ola.kot@firma.pl").canonical != canonical_email("olakot@firma.pl").canonical
    assert canonical_email("anna@hotmail.de").canonical != canonical_email("anna@hotmail.com").canonical
    assert canonical_email("anna@onet.pl").canonical != canonical_email("anna@op.pl").canonical


@pytest.mark.parametrize("spelling", ['"anna.nowak"@gmail.com', "anna.nowak@gmail.com.", '"Anna.Nowak"@GoogleMail.com.'])
def test_quotes_that_change_nothing_and_a_final_dot_reach_the_same_mailbox(spelling):
    # mail servers deliver all of these to anna.nowak@gmail.com, so a booking form may let them through
    assert canonical_email(spelling).canonical == canonical_email("annanowak@gmail.com").canonical


def test_canonical_email_keeps_the_raw_and_normalised_forms():
    result = canonical_email("Ola.Kot+Salon@GMAIL.com")
    assert result.raw == "Ola.Kot+Salon@GMAIL.com"
    assert result.normalized == "ola.kot+salon@gmail.com"
    assert result.local == "olakot" and result.domain == "gmail.com"


@pytest.mark.parametrize("raw", ["", "   ", "no-at-sign", "a@b", "two@@signs.com", "a..b@gmail.com",
                                 "a@-bad-.com", '"unclosed@gmail.com', "anna@gmail.com..", "x" * 400 + "@gmail.com"])
def test_canonical_email_flags_invalid_input(raw):
    result = canonical_email(raw)
    assert not result.valid
    assert result.canonical is None
    assert result.problem


def test_canonical_email_recognises_disposable_and_relay_domains():
    assert canonical_email("x@mailinator.com").disposable
    assert canonical_email("x@sub.mailinator.com").disposable
    relay = canonical_email("x@duck.com")
    assert relay.masked and not relay.disposable
    assert canonical_email("x@privaterelay.appleid.com").masked
    plain = canonical_email("x@gmail.com")
    assert not plain.disposable and not plain.masked


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_canonical_email_never_raises_and_is_idempotent(raw):
    result = canonical_email(raw)
    if result.canonical:
        again = canonical_email(result.canonical)
        assert again.valid and again.canonical == result.canonical


def test_canonical_email_bounded_time_on_huge_input():
    huge = "a" * 1_000_000 + "@gmail.com"
    started = time.perf_counter()
    assert not canonical_email(huge).valid
    assert not canonical_email("@" * 1_000_000).valid
    assert time.perf_counter() - started < 0.5


_LOCAL_CHARS = "abcXYZ019.+-_!#$%&'*/=?^`{|}~\"(),:;<>[\\] é"
_DOMAINS = ["gmail.com", "GoogleMail.com", "wp.pl", "x.y", "a-b.com", "bad_dom.com", "-a.com", "x.1", "localhost",
            "example.test", "bücher.de", "xn--bcher-kva.de", "[1.2.3.4]", "a..b.com", "b" * 64 + ".com"]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_LOCAL_CHARS, max_size=70), st.sampled_from(_DOMAINS))
@example('"0"', "gmail.com")  # a quoted local part (taken since quotes that change nothing are allowed)
def test_the_fast_path_agrees_with_email_validator_on_every_address(local, domain):
    # plain ASCII local parts skip email-validator (their domain is checked once); the answer must not change
    from email_validator import EmailNotValidError, validate_email

    from blocklist.matching.email import VALIDATOR_OPTIONS, _validated

    address = f"{local}@{domain}"
    try:
        expected = validate_email(address, **VALIDATOR_OPTIONS)  # as the service asks it
    except EmailNotValidError:
        with pytest.raises(EmailNotValidError):
            _validated(address)
        return
    assert _validated(address) == (expected.local_part, expected.domain, expected.ascii_domain or expected.domain)


def test_validation_needs_no_network(monkeypatch):
    # no DNS or deliverability check in the request path: with every socket refused, nothing changes
    import socket

    from blocklist.matching.email import _canonical_email, _checked_domain

    def refuse(*args, **kwargs):
        raise OSError("network is off in this test")

    _canonical_email.cache_clear()
    _checked_domain.cache_clear()
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = canonical_email("Anna.Nowak+spa@GoogleMail.com")
    assert result.valid and result.canonical == "annanowak@gmail.com"
    assert not canonical_email("anna@nonexistent-domain-for-sure.example").problem
