"""Request and response models: strict (a string field refuses objects), closed (unknown fields refused).

The same models validate requests and produce /openapi.json.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base of request bodies: strict types, unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Answer(BaseModel):
    """Base of response bodies (documentation only; handlers build plain dicts)."""

    model_config = ConfigDict(extra="forbid")


class Query(BaseModel):
    """Base of query strings: values arrive as text, so lax parsing of numbers; unknown names refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorDetail(Answer):
    field: str
    problem: str


class ErrorInfo(Answer):
    code: str = Field(description="invalid_request, unauthorized, forbidden, not_found, conflict, "
                                  "idempotency_key_reused, payload_too_large, rate_limited, unavailable, internal")
    message: str
    details: list[ErrorDetail] = []


class ErrorBody(Answer):
    """The body of every 4xx and 5xx answer."""

    error: ErrorInfo


class Health(Answer):
    status: str


class Readiness(Answer):
    status: str = Field(description="ready, or starting / degraded with the reason in `checks`")
    checks: dict[str, str]


class Me(Answer):
    kind: str = Field(description="salon_key or moderator")
    salon_id: str | None = None
    salon_name: str | None = None
    key_kind: str | None = Field(None, description="secret or publishable")
    moderator_id: str | None = None
    username: str | None = None
    role: str | None = None
