"""Helpers shared by tests: the error-shape check and ways to get credentials."""

from __future__ import annotations

from typing import Any

from blocklist.runtime import Runtime


async def assert_error(response, status: int, code: str) -> dict[str, Any]:
    """The answer has `status` and the documented error body with `code`; returns the body."""
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    for detail in error["details"]:
        assert set(detail) == {"field", "problem"}
    assert "Traceback" not in error["message"]
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def new_salon(runtime: Runtime, name: str = "Studio Anna", country: str = "PL",
                    origins: list[str] | None = None):
    """A salon with its secret and publishable keys."""
    return await runtime.accounts.create_salon(name, country, origins or ["https://studio-anna.pl"])


async def new_moderator(runtime: Runtime, username: str = "mila", role: str = "moderator",
                        password: str | None = None) -> str:
    """A moderator's API token."""
    _, token = await runtime.accounts.create_moderator(username, role, password)
    return token


async def case_of(client, report_id: str) -> str:
    """The case a report is in, as a moderator finds it (salons' answers do not say)."""
    from blocklist.keys import RUNTIME
    return (await client.app[RUNTIME].moderation.report(report_id)).report.case_id


async def with_case(client, created: dict[str, Any]) -> dict[str, Any]:
    """A salon's report answer with its case id beside it, for tests that go on as a moderator."""
    return {**created, "case_id": await case_of(client, created["id"])}
