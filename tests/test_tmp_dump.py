import os, re
from tests.helpers import bearer, new_salon, case_of
from tests.test_console import PASSWORD, log_in, report
from tests.test_console import settings  # noqa: F401

async def test_dump(client, runtime, clock):
    salons = [await new_salon(runtime, name, country) for name, country in
              (("Studio Anna", "PL"), ("Salon Femke", "NL"), ("Kuaför Ayşe", "TR"))]
    bodies = [{"name": "Łukasz Wiśniewski", "email": "lukasz.wisniewski@gmail.com", "phone": "+31 6 12360913"},
              {"name": "Lukasz Wisniewski", "email": "Lukasz.Wisniewski+x@googlemail.com", "phone": "06 12360913"},
              {"name": "Лукаш Вишневски", "email": "lukasz.wisniewskx@gmail.com", "phone": "0031612360913"},
              {"name": "<b>L</b> Wisniewski", "email": "lukasz.wisniewski@gmail.com", "phone": "123"}]
    ids = []
    for n, (salon, subject) in enumerate(zip(salons + [salons[0]], bodies)):
        extra = {"booking": {"starts_at": "2026-12-01T15:00:00+01:00", "service": "mani_cure"},
                 "evidence": {"notes": "<script>x</script> came twice", "contacted": True, "reachable": False}} if n == 3 else {}
        answer = await client.post("/v1/reports", json={"category": "no_show" if n == 3 else "fake_booking", "subject": subject, **extra},
                                   headers=bearer(salon.secret_key))
        assert answer.status == 201, await answer.text()
        ids.append((await answer.json())["id"])
    case_id = await case_of(client, ids[0])
    await runtime.accounts.create_moderator("ada", "moderator", PASSWORD)
    await log_in(client, "ada")
    from tests.test_console import csrf_of
    first = await (await client.get(f"/console/cases/{case_id}")).text()
    await client.post(f"/console/cases/{case_id}/claim", data={"csrf_token": csrf_of(first)})
    page = await (await client.get(f"/console/cases/{case_id}")).text()
    page = re.sub(r'(cas|rep|sal|mod)_[A-Za-z0-9]+', 'ID', page)
    page = re.sub(r'value="[^"]{20,}"', 'value="T"', page)
    page = re.sub(r'\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?( UTC|Z|\+00:00)?', 'TIME', page)
    page = re.sub(r'nonce-[^"\']+|nonce="[^"]+"', 'NONCE', page)
    with open(os.environ["DUMP"], "w") as f:
        f.write(page)
