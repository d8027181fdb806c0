"""Admin API (admin token): salons, their keys, moderators, data-subject requests."""

from __future__ import annotations

import hashlib
import io

from aiohttp import web

from blocklist.api.routing import Access, Api
from blocklist.http import json_response
from blocklist.keys import PRINCIPAL, RUNTIME
from blocklist.schemas import (
    Done,
    ImportDone,
    ImportIn,
    KeyCreated,
    KeyIn,
    ModeratorCreated,
    ModeratorIn,
    SalonCreated,
    SalonIn,
    SubjectActionIn,
    SubjectErased,
    SubjectExport,
    SubjectIn,
    SubjectRestricted,
)
from blocklist.services.imports import read_rows

api = Api()


@api.route("POST", "/v1/admin/salons", summary="Register a salon; answers its first keys (shown once)",
           access=Access.ADMIN, tag="admin", body=SalonIn, response=SalonCreated, status=201, rate_limit="api")
async def create_salon(request: web.Request, body: SalonIn) -> web.Response:
    created = await request.config_dict[RUNTIME].accounts.create_salon(body.name, body.country, list(body.origins),
                                                                      actor=request[PRINCIPAL].actor)
    return json_response({"salon_id": created.salon.id, "secret_key": created.secret_key,
                          "publishable_key": created.publishable_key}, status=201)


@api.route("POST", "/v1/admin/salons/{salon_id}/keys", summary="Issue a key (shown once)", access=Access.ADMIN,
           tag="admin", body=KeyIn, response=KeyCreated, status=201, rate_limit="api", errors=(404,))
async def create_key(request: web.Request, body: KeyIn) -> web.Response:
    issued = await request.config_dict[RUNTIME].accounts.create_key(
        request.match_info["salon_id"], body.kind, actor=request[PRINCIPAL].actor, scopes=body.scopes)
    return json_response({"key": issued.token, "scopes": sorted(issued.scopes)}, status=201)


@api.route("POST", "/v1/admin/keys/{key_prefix}/revoke", summary="Revoke a key by its prefix", access=Access.ADMIN,
           tag="admin", response=Done, rate_limit="api", errors=(400, 404))
async def revoke_key(request: web.Request) -> web.Response:
    await request.config_dict[RUNTIME].accounts.revoke_key(request.match_info["key_prefix"],
                                                          actor=request[PRINCIPAL].actor)
    return json_response({"done": True})


@api.route("POST", "/v1/admin/moderators", summary="Create a moderator account and its API token (shown once)",
           access=Access.ADMIN, tag="admin", body=ModeratorIn, response=ModeratorCreated, status=201,
           rate_limit="api", errors=(409,))
async def create_moderator(request: web.Request, body: ModeratorIn) -> web.Response:
    moderator, token = await request.config_dict[RUNTIME].accounts.create_moderator(
        body.username, body.role, body.password, actor=request[PRINCIPAL].actor)
    return json_response({"moderator_id": moderator.id, "token": token}, status=201)


@api.route("POST", "/v1/admin/moderator-tokens/{token_prefix}/revoke", summary="Revoke a moderator's API token",
           access=Access.ADMIN, tag="admin", response=Done, rate_limit="api", errors=(404,))
async def revoke_moderator_token(request: web.Request) -> web.Response:
    await request.config_dict[RUNTIME].accounts.revoke_moderator_token(request.match_info["token_prefix"],
                                                                      actor=request[PRINCIPAL].actor)
    return json_response({"done": True})


@api.route("POST", "/v1/admin/imports", summary="Bring an existing blocklist in (or, with dry_run, see what would "
           "happen): CSV or JSON Lines in the body, up to the request size limit", access=Access.ADMIN, tag="admin",
           body=ImportIn, response=ImportDone, rate_limit="api")
async def import_blocklist(request: web.Request, body: ImportIn) -> web.Response:
    digest = hashlib.sha256(body.content.encode("utf-8", "surrogatepass")).hexdigest()
    rows = read_rows(io.StringIO(body.content, newline=""), f"upload.{body.format}")
    result = await request.config_dict[RUNTIME].imports.run(request[PRINCIPAL].actor, body.source, digest, rows,
                                                             body.dry_run)
    return json_response(result.view())


@api.route("POST", "/v1/admin/subject-requests/export", summary="Everything held about a person (GDPR Art. 15)",
           access=Access.ADMIN, tag="admin", body=SubjectIn, response=SubjectExport, rate_limit="api")
async def export_subject(request: web.Request, body: SubjectIn) -> web.Response:
    return json_response(await request.config_dict[RUNTIME].subjects.export(request[PRINCIPAL].actor, body.email,
                                                                            body.phone))


@api.route("POST", "/v1/admin/subject-requests/restrict",
           summary="Restrict a person's listings while they contest them (never more than a challenge)",
           access=Access.ADMIN, tag="admin", body=SubjectActionIn, response=SubjectRestricted, rate_limit="api")
async def restrict_subject(request: web.Request, body: SubjectActionIn) -> web.Response:
    return json_response(await request.config_dict[RUNTIME].subjects.restrict(request[PRINCIPAL].actor, body.email,
                                                                              body.phone, body.note))


@api.route("POST", "/v1/admin/subject-requests/erase",
           summary="Erase everything about a person; a tombstone of ids re-applies it after a restore",
           access=Access.ADMIN, tag="admin", body=SubjectActionIn, response=SubjectErased, rate_limit="api")
async def erase_subject(request: web.Request, body: SubjectActionIn) -> web.Response:
    return json_response(await request.config_dict[RUNTIME].subjects.erase(request[PRINCIPAL].actor, body.email,
                                                                           body.phone, body.note))
