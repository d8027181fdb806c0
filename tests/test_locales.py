"""Every language has every text: a language is one file in blocklist/locales, and nothing a person
reads falls back to English because a key was forgotten."""

from __future__ import annotations

import re

import pytest

from blocklist.locales import APPEAL_MESSAGES, CODES, NOTICE, PORTAL, TRANSPARENCY, WIDGET


@pytest.mark.parametrize("code", CODES)
def test_a_language_has_every_text_the_english_has_and_the_same_blanks(code):
    for texts in (TRANSPARENCY, WIDGET, NOTICE, PORTAL, {c: PORTAL[c]["guard"] for c in CODES}):
        assert set(texts[code]) == set(texts["en"]), code
        for key, english in texts["en"].items():
            if isinstance(english, str):
                assert texts[code][key].strip(), (code, key)
                assert set(re.findall(r"{\w+}", texts[code][key])) == set(re.findall(r"{\w+}", english)), (code, key)
    assert len(NOTICE[code]["paragraphs"]) == len(NOTICE["en"]["paragraphs"])
    placeholders = {p for paragraph in NOTICE[code]["paragraphs"] for p in re.findall(r"{\w+}", paragraph)}
    assert placeholders == {"{controller}", "{data}", "{reasons}", "{until}", "{url}"}
    # the appeal's code and answer: the same messages, paragraphs and blanks as the English
    assert set(APPEAL_MESSAGES[code]) == set(APPEAL_MESSAGES["en"])
    for key, english in APPEAL_MESSAGES["en"].items():
        ours = APPEAL_MESSAGES[code][key]
        paragraphs = [english] if isinstance(english, str) else english
        theirs = [ours] if isinstance(ours, str) else ours
        assert len(theirs) == len(paragraphs) and all(t.strip() for t in theirs), (code, key)
        assert ({p for t in theirs for p in re.findall(r"{\w+}", t)}
                == {p for e in paragraphs for p in re.findall(r"{\w+}", e)}), (code, key)


@pytest.mark.parametrize("lang, heading", [("de", "Wie Blocklist funktioniert"), ("he", "איך Blocklist עובד")])
async def test_the_transparency_page_speaks_each_language(client, lang, heading):
    page = await (await client.get(f"/transparency?lang={lang}")).text()
    assert heading in page
    assert ('dir="rtl"' in page) == (lang == "he")
