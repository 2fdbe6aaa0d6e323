"""The documentation page, read from the OpenAPI schema: what it lists is what the API does."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

RESOURCES = ("tenders", "practices", "criteria", "categories", "organisations")  # the page's order


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
        return _("array of %(type)s") % {"type": _type(document, item.get("items", {}))}
    if item.get("format"):
        kind = f"{kind} ({item['format']})"
    if item.get("nullable"):
        kind = _("%(type)s or null") % {"type": kind}
    return kind


def _values(document: dict, item: dict) -> list:
    item = _resolve(document, item)
    if item.get("type") == "array":
        item = _resolve(document, item.get("items", {}))
    if "allOf" in item:
        item = _resolve(document, item["allOf"][0])
    return [value for value in item.get("enum", []) if value not in ("", None)]


CHOICE = re.compile(r"^\* `([^`]*)` - (.*)$")


def _described(document: dict, item: dict) -> tuple[str, list[tuple[str, str]]]:
    """The words about a field or parameter, and its values with their labels.

    drf-spectacular writes an enum's labels into the description as "* `code` - Label"
    lines: they become the values' labels here."""
    resolved = _resolve(document, item)
    words = [text for text in (item.get("title") or resolved.get("title", ""),) if text]
    labels = {}
    for source in (item, resolved, _resolve(document, resolved.get("items", {})),
                   *(_resolve(document, part) for part in resolved.get("allOf", []))):
        for line in source.get("description", "").splitlines():
            match = CHOICE.match(line.strip())
            if match:
                labels[match.group(1)] = match.group(2)
            elif line.strip() and line.strip() not in words:
                words.append(line.strip())
    values = [(value, labels.get(str(value), "")) for value in _values(document, item)]
    return " — ".join(words), values


def _properties(document: dict, body: dict, prefix: str = "") -> list[dict]:
    """A row per field; the fields of nested objects follow theirs, as ``documents[].name``."""
    rows = []
    for name, item in body.get("properties", {}).items():
        resolved = _resolve(document, item)
        description, values = _described(document, item)
        rows.append({"name": prefix + name, "type": _type(document, item), "values": values,
                     "description": description})
        inner = _resolve(document, resolved.get("items", {})) if resolved.get("type") == "array" else resolved
        if "properties" in inner and not prefix:
            rows += _properties(document, inner, f"{name}[]." if resolved.get("type") == "array" else f"{name}.")
    return rows


def _fields(document: dict, operation: dict) -> list[dict]:
    content = operation["responses"]["200"]["content"]["application/json"]["schema"]
    body = _resolve(document, content)
    if {"count", "results"} <= set(body.get("properties", {})):  # a page of a list
        body = _resolve(document, body["properties"]["results"]["items"])
    return _properties(document, body)


def describe(request) -> list[dict]:
    """Each endpoint: its address, what it gives, its query parameters and its fields."""
    document = schema()
    endpoints = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None or path.endswith("/schema/"):
            continue
        parameters = []
        for parameter in operation.get("parameters", []):
            description, values = _described(document, {**parameter.get("schema", {}),
                                                         "description": parameter.get("description", "")})
            parameters.append({"name": parameter["name"], "location": parameter["in"],
                               "type": _type(document, parameter.get("schema", {})), "values": values,
                               "description": description})
        endpoints.append({
            "path": path, "id": operation["operationId"], "summary": operation.get("summary", ""),
            "parameters": parameters, "fields": _fields(document, operation),
            "example": request.build_absolute_uri(path.replace("{id}", "1")),
        })
    order = {name: index for index, name in enumerate(RESOURCES)}
    return sorted(endpoints, key=lambda e: (order.get(e["path"].split("/")[3], len(order)), len(e["path"])))
