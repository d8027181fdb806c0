"""Operations: a route, who may call it, and the schemas that both validate it and document it."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from aiohttp import web
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from blocklist.errors import Forbidden, InvalidRequest, PayloadTooLarge, UnsupportedMediaType
from blocklist.http import is_cross_site, root_app, validation_details
from blocklist.keys import SETTINGS


class Access(enum.Enum):
    """Who may call an operation; every route declares one (deny by default)."""

    PUBLIC = "public"
    AUTHENTICATED = "authenticated"  # any valid key or token
    SECRET_KEY = "secret_key"  # a salon's secret key
    ANY_SALON_KEY = "any_salon_key"  # a salon's secret or publishable key
    PLATFORM = "platform"  # a booking platform's key, for itself (not acting for one of its salons)
    # a salon's secret key, or a platform's: for one of its salons (Blocklist-Salon), or for all of them
    SALON_OR_PLATFORM = "salon_or_platform"
    MODERATOR = "moderator"  # moderator or admin token
    ADMIN = "admin"  # admin token


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    access: Access
    tag: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    # named rate limit this operation counts against (None: none)
    rate_limit: str | None = None
    errors: tuple[int, ...] = ()
    content_type: str = "application/json"
    handler_name: str = ""
    # other success statuses with the same answer, and what each means
    also: tuple[tuple[int, str], ...] = ()
    # the scope a salon key needs (see models.SCOPES)
    scope: str | None = None
    # optional request headers the operation reads: (name, schema, description)
    headers: tuple[tuple[str, dict[str, Any], str], ...] = ()
    # headers of its successful answers: {name: description}
    response_headers: tuple[tuple[str, str], ...] = ()
    # a keyless endpoint a web page must not drive from its visitors' browsers: JSON only (which a
    # cross-site page cannot send without a CORS preflight) and no request a browser marks cross-site
    same_site_only: bool = False


Handler = Callable[..., Awaitable[web.StreamResponse]]


def refuse_cross_site(request: web.Request) -> None:
    if is_cross_site(request):
        raise Forbidden("cross-site requests are refused here: use the form on this service's own page",
                        [{"field": "Origin", "problem": "another site"}])


async def read_body(request: web.Request, model: type[BaseModel]) -> BaseModel:
    """Validate the JSON body against `model`; a clear 400 (or 413) on any problem."""
    return parse_body(await read_raw_body(request), model)


async def read_raw_body(request: web.Request) -> bytes:
    """The body's bytes: 413 past the size limit, 400 when there is none."""
    limit = root_app(request)[SETTINGS].max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"the body is larger than {limit} bytes")
    content = request.content
    if content.is_eof():
        # the whole body came in with the headers (every small body): take it without awaiting
        raw = content.read_nowait()
        if len(raw) > limit:  # (a chunked body has no Content-Length to refuse it by)
            raise PayloadTooLarge(f"the body is larger than {limit} bytes")
    else:
        raw = await request.read()
    if not raw:
        raise InvalidRequest("a JSON body is required", [{"field": "body", "problem": "empty"}])
    return raw


def parse_body(raw: bytes, model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise InvalidRequest("the body is not valid JSON",
                                 [{"field": "body", "problem": "malformed JSON or not UTF-8"}]) from None
        raise InvalidRequest("the request body is invalid", validation_details(exc)) from None


def read_query(request: web.Request, model: type[BaseModel]) -> BaseModel:
    """Validate query parameters against `model` (repeated parameters are refused)."""
    values: dict[str, str] = {}
    for key, value in request.query.items():
        if key in values:
            raise InvalidRequest("a query parameter is repeated", [{"field": key, "problem": "given more than once"}])
        values[key] = value
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InvalidRequest("the query parameters are invalid", validation_details(exc)) from None


class Api:
    """A table of operations that registers routes and writes the OpenAPI document."""

    def __init__(self) -> None:
        self.operations: list[Operation] = []
        self._handlers: dict[tuple[str, str], Handler] = {}

    def route(self, method: str, path: str, *, summary: str, access: Access, tag: str,
              body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
              response: type[BaseModel] | None = None, status: int = 200, rate_limit: str | None = None,
              errors: tuple[int, ...] = (), content_type: str = "application/json",
              also: tuple[tuple[int, str], ...] = (), scope: str | None = None,
              self_contained: bool = False, same_site_only: bool = False,
              headers: tuple[tuple[str, dict[str, Any], str], ...] = (),
              response_headers: tuple[tuple[str, str], ...] = ()) -> Callable[[Handler], Handler]:
        """Declare an operation. A `self_contained` handler is called with the bare request and does the
        middlewares' work itself (middleware.self_contained): the one hot path, where they cost too much."""
        def decorate(handler: Handler) -> Handler:
            operation = Operation(method=method, path=path, summary=summary, access=access, tag=tag, body=body,
                                  query=query, response=response, status=status, rate_limit=rate_limit,
                                  errors=errors, content_type=content_type, handler_name=handler.__name__,
                                  also=also, scope=scope, same_site_only=same_site_only, headers=headers,
                                  response_headers=response_headers)

            @functools.wraps(handler)
            async def wrapper(request: web.Request) -> web.StreamResponse:
                kwargs: dict[str, Any] = {}
                if same_site_only:
                    refuse_cross_site(request)
                    if request.content_type != "application/json":
                        raise UnsupportedMediaType("send the body as Content-Type: application/json",
                                                   [{"field": "Content-Type", "problem": "must be application/json"}])
                if query is not None:
                    kwargs["query"] = read_query(request, query)
                if body is not None:
                    kwargs["body"] = await read_body(request, body)
                return await handler(request, **kwargs)

            registered = handler if self_contained else wrapper
            registered.operation = operation  # type: ignore[attr-defined]
            registered.self_contained = self_contained  # type: ignore[attr-defined]
            self.operations.append(operation)
            self._handlers[(method, path)] = registered
            return registered
        return decorate

    def add_routes(self, app: web.Application) -> None:
        for (method, path), handler in self._handlers.items():
            app.router.add_route(method, path, handler)

    def openapi(self, title: str, version: str, description: str) -> dict[str, Any]:
        """An OpenAPI 3.1 document generated from the same models that validate requests."""
        models = {op.body for op in self.operations if op.body} | {op.response for op in self.operations if op.response}
        models |= {op.query for op in self.operations if op.query}
        from blocklist.schemas import ErrorBody  # the one error shape every 4xx/5xx uses
        models.add(ErrorBody)
        keyed = [(m, "validation") for m in sorted(models, key=lambda m: m.__name__)]
        refs, top = models_json_schema(keyed, ref_template="#/components/schemas/{model}")
        schemas = top.get("$defs", {})
        paths: dict[str, dict[str, Any]] = {}
        for op in self.operations:
            entry: dict[str, Any] = {"operationId": op.handler_name, "summary": op.summary, "tags": [op.tag],
                                     "responses": {}}
            if op.access is not Access.PUBLIC:
                entry["security"] = [{"bearer": []}]
            else:
                entry["security"] = []
            params = []
            for segment in op.path.split("/"):
                if segment.startswith("{") and segment.endswith("}"):
                    name = segment[1:-1]
                    params.append({"name": name, "in": "path", "required": True,
                                   "schema": PATH_PARAMETERS.get(name, {"type": "string", "maxLength": 100})})
            if op.query is not None:
                query_schema = op.query.model_json_schema(ref_template="#/components/schemas/{model}")
                required = set(query_schema.get("required", []))
                for name, prop in query_schema.get("properties", {}).items():
                    params.append({"name": name, "in": "query", "required": name in required, "schema": prop})
            for name, schema, description in op.headers:
                params.append({"name": name, "in": "header", "required": False, "schema": schema,
                               "description": description})
            if op.scope:
                entry["x-required-scope"] = op.scope  # of a salon key (models.SCOPES)
            if params:
                entry["parameters"] = params
            if op.body is not None:
                entry["requestBody"] = {"required": True, "content": {"application/json": {
                    "schema": refs[(op.body, "validation")]}}}
            ok: dict[str, Any] = {"description": "OK"}
            if op.response is not None:
                ok["content"] = {"application/json": {"schema": refs[(op.response, "validation")]}}
            elif op.content_type != "application/json":
                ok["content"] = {op.content_type: {"schema": {"type": "string"}}}
            if op.response_headers:
                ok["headers"] = {name: {"description": description, "schema": {"type": "string"}}
                                 for name, description in op.response_headers}
            entry["responses"][str(op.status)] = ok
            for status, meaning in op.also:
                entry["responses"][str(status)] = {**ok, "description": meaning}
            error_ref = {"content": {"application/json": {"schema": refs[(ErrorBody, "validation")]}}}
            statuses = set(op.errors) | {500}
            if op.body is not None or op.query is not None:
                statuses |= {400}
            if op.body is not None:
                statuses |= {413}
            if op.same_site_only:
                statuses |= {403, 415}
            if op.access is not Access.PUBLIC:
                statuses |= {401, 403}
            if op.rate_limit:
                statuses |= {429}
            for status in sorted(statuses):
                entry["responses"][str(status)] = {"description": _STATUS_TEXT.get(status, "Error"), **error_ref}
            if "400" in entry["responses"] or params:
                # a request line or header over 8,190 bytes is refused by the HTTP parser itself, before
                # the API can answer: that one 400 is plain text
                entry["responses"]["400"] = {"description": _STATUS_TEXT[400] + "; " + _PARSER_400, "content": {
                    **error_ref["content"], "text/plain": {"schema": {"type": "string"}}}}
            paths.setdefault(op.path, {})[op.method.lower()] = entry
        return {
            "openapi": "3.1.0",
            "info": {"title": title, "version": version, "description": description},
            # relative: the server this document was fetched from
            "servers": [{"url": "/", "description": "this Blocklist server"}],
            "paths": paths,
            "components": {"schemas": schemas, "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A salon API key (bl_sk_… secret, bl_pk_… publishable) or a moderator token (bl_mt_…)"}}},
        }


# path parameters whose shape the service checks (others are ids: an unknown one is a 404)
PATH_PARAMETERS = {
    name: {"type": "string", "pattern": r"^(bl_(sk|pk|mt)_)?[a-z2-7]{10}$",
           "description": "the key's prefix: the 10 characters after bl_sk_ / bl_pk_ / bl_mt_ (with or without it)"}
    for name in ("key_prefix", "token_prefix")}

_PARSER_400 = "a request line or header over 8,190 bytes gets a plain-text 400 from the HTTP layer"
_STATUS_TEXT = {
    400: "Invalid request", 401: "Missing or invalid credentials", 403: "Not allowed for this credential",
    404: "Not found", 409: "Conflict", 413: "Body too large", 422: "Unprocessable",
    429: "Rate limited (see Retry-After)", 500: "Internal error", 503: "Unavailable (see Retry-After)",
}
