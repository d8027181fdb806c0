"""The error tree services raise; the API maps it to the documented error shape in one place."""

from __future__ import annotations


class ConfigError(Exception):
    """A setting from the environment is missing or has a bad value."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable} {problem}")
        self.variable = variable
        self.problem = problem


class BlocklistError(Exception):
    """Base of every error a request can end in; `code` and `status` go on the wire."""

    code = "internal"
    status = 500

    def __init__(self, message: str, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class InvalidRequest(BlocklistError):
    code = "invalid_request"
    status = 400


class Unprocessable(BlocklistError):
    code = "invalid_request"
    status = 422


class Unauthorized(BlocklistError):
    code = "unauthorized"
    status = 401


class Forbidden(BlocklistError):
    code = "forbidden"
    status = 403


class NotFound(BlocklistError):
    code = "not_found"
    status = 404


class Conflict(BlocklistError):
    code = "conflict"
    status = 409


class IdempotencyKeyReused(BlocklistError):
    code = "idempotency_key_reused"
    status = 422


class UnsupportedMediaType(BlocklistError):
    code = "unsupported_media_type"
    status = 415


class PayloadTooLarge(BlocklistError):
    code = "payload_too_large"
    status = 413


class RateLimited(BlocklistError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


class Unavailable(BlocklistError):
    code = "unavailable"
    status = 503

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DatabaseUnavailable(Unavailable):
    """The database did not answer, or refused the operation: raised by stores for any driver error, so
    nothing above storage/ knows which driver there is."""

    def __init__(self, cause: str = "") -> None:
        super().__init__("the database is unreachable right now; retry shortly", retry_after=2)
        self.cause = cause  # the driver's exception class, for a log line (never its message)
