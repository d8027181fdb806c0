"""What every HTTP surface (the JSON API, the console, the public pages) shares: who the client is, whether
a request comes from another site, JSON answers, and validation problems in the API's words."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

import orjson
from aiohttp import web
from pydantic import ValidationError

from blocklist.keys import SETTINGS


def root_app(request: web.Request) -> web.Application:
    """The service's application, which holds settings, metrics and the runtime (the console is a
    sub-application of it): a dict lookup away, where config_dict builds a chain of mappings each time."""
    return request.match_info.apps[0]


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON answer (orjson: fast, and it refuses NaN so we never emit invalid JSON)."""
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json", headers=headers)


def own_origins(request: web.Request) -> set[str]:
    """The origins this service's own pages are served from: as addressed, and as configured
    (behind a proxy the request's scheme may be plain http while the page's is https)."""
    origins = {f"{request.scheme}://{request.host}"}
    public_url = root_app(request)[SETTINGS].public_url
    if public_url:
        parts = urlsplit(public_url)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def is_cross_site(request: web.Request) -> bool:
    """A browser says so (Sec-Fetch-Site), or, for browsers that do not, a foreign Origin. A request
    with neither header comes from a program, not from a page a visitor was lured to."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is not None and origin not in own_origins(request)


def validation_details(error: ValidationError) -> list[dict[str, str]]:
    """Pydantic errors as the API's `details`: one entry a problem, with a dotted field path, in the
    API's words rather than the library's ("Value error, …", "should have at most 40 items")."""
    details = []
    for item in error.errors(include_url=False, include_input=False)[:50]:
        path = ".".join(str(part) for part in item["loc"]) or "body"
        details.append({"field": path, "problem": _problem(item)})
    return details


def _problem(item: dict[str, Any]) -> str:
    kind, context = item["type"], item.get("ctx") or {}
    if kind == "value_error":
        return str(context.get("error") or item["msg"]).removeprefix("Value error, ")
    if kind == "string_too_long":
        return f"longer than {context.get('max_length')} characters"
    if kind == "string_too_short":
        return "empty" if context.get("min_length") == 1 else f"shorter than {context.get('min_length')} characters"
    if kind == "too_long":  # (a text checked after its validators is a "Value", and its length is characters)
        if context.get("field_type") == "Value":
            return f"longer than {context.get('max_length')} characters"
        return f"more than {context.get('max_length')} items"
    if kind == "too_short":
        return "empty" if context.get("min_length") == 1 else f"fewer than {context.get('min_length')} items"
    if kind == "string_pattern_mismatch":
        return "not in the expected form (see the API document)"
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "not a field of this request"
    if kind in ("literal_error", "enum"):
        return f"must be one of {context.get('expected', '')}".strip()
    if kind.endswith("_type") or kind.endswith("_parsing"):
        expected = {"string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
                    "bool_type": "true or false", "model_type": "an object", "dict_type": "an object",
                    "list_type": "a list", "float_type": "a number", "datetime_type": "an RFC 3339 time",
                    "datetime_parsing": "an RFC 3339 time"}.get(kind)
        return f"must be {expected}" if expected else item["msg"]
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(context.values()), "")
        return {"greater_than_equal": f"at least {bound}", "less_than_equal": f"at most {bound}",
                "greater_than": f"more than {bound}", "less_than": f"less than {bound}"}[kind]
    if kind == "timezone_aware":
        return "needs a time zone (…Z or …+01:00)"
    return item["msg"]


def bearer_token(request: web.Request) -> str:
    """The token of an `Authorization: Bearer <token>` header ("" without one)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def client_address(request: web.Request) -> str:
    """The caller's address; X-Forwarded-For only when the operator says their proxies set it.

    Each proxy appends the address it received the request from, so the entries a client wrote come
    first: with N trusted proxies the client is the N-th entry from the right, never the left-most.
    An entry that is not an IP address (or a chain shorter than the proxies) falls back to the peer."""
    settings = root_app(request)[SETTINGS]
    peer = request.remote or "unknown"
    if settings.trust_forwarded_for:
        hops = [hop.strip() for hop in ",".join(request.headers.getall("X-Forwarded-For", ())).split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= settings.trusted_proxies:
            candidate = hops[-settings.trusted_proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return peer
    return peer


def page_route(handler: Any) -> Any:
    """Declare a handler a page or file for browsers: public, or guarding itself (no API access policy)."""
    handler.guards_itself = True
    return handler


def guards_itself(handler: Any) -> bool:
    """Whether a route is a page that needs no API access policy (see page_route; console and portal pages declare
    their own access, which their area checks: blocklist/pagekit.py)."""
    return getattr(handler, "guards_itself", False) or getattr(handler, "page_access", None) is not None
