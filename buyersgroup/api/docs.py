"""The documentation page, read from the OpenAPI schema: what it lists is what the API does."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language


@lru_cache(maxsize=8)
def _schema(language: str) -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def schema() -> dict:
    """The API's OpenAPI 3 schema, with its descriptions in the active language."""
    return _schema(get_language() or "en")


def _resolve(document: dict, item: dict) -> dict:
    while "$ref" in item:
        item = document["components"]["schemas"][item["$ref"].rsplit("/", 1)[1]]
    return item


def _type(document: dict, item: dict) -> str:
    item = _resolve(document, item)
    if "allOf" in item:
        return _type(document, item["allOf"][0])
    if "oneOf" in item:
        return " | ".join(_type(document, part) for part in item["oneOf"])
    kind = item.get("type", "object")
    if kind == "array":
        return f"{kind} of {_type(document, item.get('items', {}))}"
    if item.get("format"):
        kind = f"{kind} ({item['format']})"
    if item.get("nullable"):
        kind += ", null"
    return kind


def _values(document: dict, item: dict) -> list:
    item = _resolve(document, item)
    if item.get("type") == "array":
        item = _resolve(document, item.get("items", {}))
    if "allOf" in item:
        item = _resolve(document, item["allOf"][0])
    return [value for value in item.get("enum", []) if value not in ("", None)]


def _fields(document: dict, operation: dict) -> list[dict]:
    content = operation["responses"]["200"]["content"]["application/json"]["schema"]
    body = _resolve(document, content)
    if "results" in body.get("properties", {}):  # a page of a list
        body = _resolve(document, body["properties"]["results"]["items"])
    return [{"name": name, "type": _type(document, item), "values": _values(document, item),
             "description": _resolve(document, item).get("description", "")}
            for name, item in body.get("properties", {}).items()]


def describe(request) -> list[dict]:
    """Each endpoint: its address, what it gives, its query parameters and its fields."""
    document = schema()
    endpoints = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None or path.endswith("/schema/"):
            continue
        parameters = [
            {"name": p["name"], "location": p["in"], "required": p.get("required", False),
             "type": _type(document, p.get("schema", {})), "values": _values(document, p.get("schema", {})),
             "description": p.get("description", "")}
            for p in operation.get("parameters", [])
        ]
        endpoints.append({
            "path": path, "id": operation["operationId"], "summary": operation.get("summary", ""),
            "parameters": parameters, "fields": _fields(document, operation),
            "example": request.build_absolute_uri(path.replace("{id}", "1")),
        })
    return endpoints
