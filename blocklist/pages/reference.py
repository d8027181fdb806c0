"""The API reference as a page: /openapi.json, rendered on the server (no script needed to read it)."""

from __future__ import annotations

from typing import Any


def api_reference(document: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, list[dict[str, Any]]]]]:
    """(info, [(tag, operations)]) in the document's order, each operation ready for the template."""
    schemas = document.get("components", {}).get("schemas", {})
    sections: dict[str, list[dict[str, Any]]] = {}
    for path, methods in document.get("paths", {}).items():
        for method, op in methods.items():
            body_ref = (op.get("requestBody", {}).get("content", {}).get("application/json", {})
                        .get("schema", {}).get("$ref"))
            body = None
            if body_ref:
                name = body_ref.rsplit("/", 1)[-1]
                schema = schemas.get(name, {})
                required = set(schema.get("required", []))
                body = {"name": name, "fields": [
                    {"name": field, "required": field in required, "type": _type(spec),
                     "description": spec.get("description", "")}
                    for field, spec in schema.get("properties", {}).items()]}
            sections.setdefault(op.get("tags", ["other"])[0], []).append({
                "id": op.get("operationId", f"{method}-{path}"), "method": method.upper(), "path": path,
                "summary": op.get("summary", ""), "public": op.get("security") == [],
                "scope": op.get("x-required-scope"),
                "parameters": [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                                "type": _type(p.get("schema", {})), "description": p.get("description", "")}
                               for p in op.get("parameters", [])],
                "body": body,
                "responses": [(status, answer.get("description", "")) for status, answer in op.get("responses", {}).items()],
            })
    return document.get("info", {}), list(sections.items())


def _type(spec: dict[str, Any]) -> str:
    """A field's type in a few words: `string`, `one of: a, b`, `list of X`, `X or null`."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "enum" in spec:
        return "one of: " + ", ".join(str(v) for v in spec["enum"])
    if "const" in spec:
        return repr(spec["const"])
    if "anyOf" in spec:
        kinds = [_type(s) for s in spec["anyOf"]]
        plain = [k for k in kinds if k != "null"]
        return " or ".join(plain) + (" or null" if len(plain) < len(kinds) else "")
    if spec.get("type") == "array":
        return "list of " + _type(spec.get("items", {}))
    return str(spec.get("type", "any"))
