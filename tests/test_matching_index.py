from blocklist.matching import Identity, MatchIndex, canonical_email, canonical_phone, name_keys


def person(identity_id, name=None, emails=(), phones=(), region="PL"):
    return Identity(identity_id, name_keys(name) if name else None,
                    tuple(canonical_email(e) for e in emails), tuple(canonical_phone(p, region) for p in phones))


def search(index, name=None, email=None, phone=None, region="PL", limit=5):
    return index.search(name_keys(name) if name else None,
                        (canonical_email(email),) if email else (),
                        (canonical_phone(phone, region),) if phone else (), limit=limit)


def filled_index():
    index = MatchIndex()
    index.add(person("yulia", "Юлия Ковальчук", ["yulia.k@gmail.com"], ["+48601234567"]))
    index.add(person("anna", "Anna Nowak", ["anna.nowak@wp.pl"], []))
    index.add(person("joanna", "Joanna Nowak", [], ["512 352 601"]))
    for i in range(300):  # many people called Anna: the token "anna" becomes too common to block on
        index.add(person(f"filler{i}", f"Anna Filler{i:03d}x"))
    return index


def test_exact_identifier_is_a_strong_match_whatever_the_spelling():
    index = filled_index()
    best = search(index, email="Y.U.L.I.A.K+booking@googlemail.com")[0]
    assert best.id == "yulia" and best.strength == "strong"
    assert ("email", "exact") in {(f.field, f.how) for f in best.fields}
    best = search(index, phone="0048 601-234-567")[0]
    assert best.id == "yulia" and best.strength == "strong"


def test_name_alone_is_never_strong():
    index = filled_index()
    best = search(index, name="Julia Kowalczuk")[0]
    assert best.id == "yulia"
    assert best.strength == "weak"
    assert best.score <= 0.6


def test_name_plus_weak_identifier_is_for_review():
    index = filled_index()
    best = search(index, name="Anna Nowak", email="anna.nowak@onet.pl")[0]
    assert best.id == "anna" and best.strength == "review"
    assert ("email", "same_local_part") in {(f.field, f.how) for f in best.fields}


def test_a_common_token_is_not_used_to_fetch_candidates():
    index = filled_index()
    assert index.key_frequency("nana") > index.bucket_cap
    found = index.candidates(name_keys("Anna Zzyzx"))
    assert len(found) <= index.max_candidates


def test_remove_and_replace_identities():
    index = filled_index()
    assert index.remove("yulia")
    assert "yulia" not in index
    assert not search(index, phone="+48601234567")
    index.add(person("yulia", "Yulia Kovalchuk", [], ["+48601234999"]))
    assert search(index, phone="+48601234999")[0].id == "yulia"
    assert not search(index, email="yulia.k@gmail.com")
    index.compact()
    assert search(index, phone="+48601234999")[0].id == "yulia"
    assert len(index) == 303


def test_prepared_forms_load_the_same_index():
    from blocklist.matching.index import identifier_keys, pack_name
    source = person("x", "Дмитрий Волков", ["dmitry.volkov@ya.ru"], ["+79161234567"])
    index = MatchIndex()
    index.add_prepared("x", pack_name(source.name), identifier_keys(source.emails, source.phones))
    assert search(index, name="Dmitry Volkov", email="dmitry.volkov@yandex.com")[0].id == "x"
    assert search(index, name="Dmitriy Volkov")[0].id == "x"


def test_a_typo_in_each_word_still_finds_the_person():
    index = filled_index()
    for i in range(150):  # other people sharing each word, so single-word keys are not enough
        index.add(person(f"jack{i}", f"Jackson Other{i:03d}q"))
        index.add(person(f"clarke{i}", f"Someone{i:03d}z Clarke"))
    index.add(person("target", "Jackson Clarke"))
    assert search(index, name="Jackon Clareke")[0].id == "target"


def test_a_name_with_a_typo_beats_a_name_missing_a_word():
    index = MatchIndex()
    index.add(person("first-name-only", "Ava"))
    index.add(person("full", "Ava Fuda"))
    assert search(index, name="Ava Fuds")[0].id == "full"
    index.add(person("kirra", "Kirra"))
    index.add(person("kirra-white", "Kirra White"))
    assert search(index, name="Kirra Whige")[0].id == "kirra-white"


def test_bulk_load_is_searchable_afterwards_and_keeps_later_additions_incremental():
    index = MatchIndex()
    with index.bulk_load():
        for i in range(2000):
            index.add(person(f"p{i}", f"Person{i:04d} Surname{i:04d}", [f"p{i}@example.org"]))
    assert len(index) == 2000
    assert search(index, email="p1234@example.org")[0].id == "p1234"
    index.add(person("late", "Late Arrival", ["late@example.org"]))
    assert search(index, email="late@example.org")[0].id == "late"


def test_re_adding_an_unchanged_identity_costs_nothing():
    from blocklist.matching.index import identifier_keys, name_index_keys, pack_name
    index = MatchIndex()
    source = person("case-1", "Anna Nowak", ["anna@example.org"], ["+48601234567"])
    packed, keys = pack_name(source.name), identifier_keys(source.emails, source.phones)
    for _ in range(1000):  # a case updated by a thousand reports with the same identifiers
        index.add_prepared("case-1", packed, keys)
    assert len(index._external) == 1
    assert index._keys.recent_count == len(keys) + len(name_index_keys(source.name))
    index.add_prepared("case-1", packed, keys + ["p+48999"])  # a new identifier: indexed again
    assert len(index._external) == 2 and search(index, phone="+48601234567")[0].id == "case-1"
