"""The OpenAPI 3 schema (valid, complete) and the documentation page read from it."""

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db
SCHEMA = reverse("api:schema")
DOCS = reverse("api:docs")


def test_schema_is_served_and_valid_openapi_3(api):
    response = api.get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    validate_schema(schema)  # drf-spectacular's validator: the OpenAPI 3.0 JSON schema
    assert schema["openapi"].startswith("3.0")
    assert set(schema["paths"]) == {
        "/api/v1/tenders/", "/api/v1/tenders/{id}/", "/api/v1/practices/", "/api/v1/practices/{id}/",
        "/api/v1/criteria/", "/api/v1/criteria/{id}/", "/api/v1/categories/", "/api/v1/categories/{id}/",
        "/api/v1/organisations/", "/api/v1/organisations/{id}/",
    }
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())
    assert schema["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer",
        "description": "A personal API token, made on the portal's API tokens page."}


def test_schema_lists_the_search_filters_with_their_codes(api):
    schema = api.get(SCHEMA).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/tenders/"]["get"]["parameters"]}
    from buyersgroup.search.filters import TenderFilter

    assert set(TenderFilter.base_filters) | {"sort", "page", "page_size"} == set(parameters)
    assert parameters["region"]["schema"] == {
        "type": "array", "items": {"type": "string", "enum": [
            "brussels", "flanders", "german_speaking", "national", "wallonia"]}}
    assert parameters["year_min"]["schema"]["type"] == "integer"
    assert parameters["q"]["description"] == "Words"
    assert parameters["stage"]["description"].splitlines()[:3] == ["Stage", "* `planned` - Planned", "* `open` - Open for bids"]
    assert parameters["category"]["description"] == "Product category\nIds from /api/v1/categories/."
    practice = {p["name"] for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert {"practice_type", "theme", "q", "category"} <= practice and "region" not in practice


def test_docs_page_lists_endpoints_parameters_fields_and_how_to_get_a_token(client, alice):
    client.force_login(alice)
    response = client.get(DOCS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>API documentation</h1>" in html
    assert 'Create a personal token on your <a href="/api/tokens/">API tokens</a> page' in html
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in html
    assert '<h2 id="tenders_list">Published tenders</h2>' in html
    assert "<code>GET /api/v1/tenders/</code>" in html
    assert '<th scope="row"><code>year_min</code></th>' in html
    assert '<th scope="row"><code>documents[].download_url</code></th>' in html
    assert "<code>flanders</code> (Flanders)" in html
    assert "<code>neg-w-call</code> (Competitive procedure with negotiation)" in html
    assert "* `" not in html  # the labels are shown as such, not as the schema's Markdown
    assert "at most 60 a minute" in html
    assert f'<a href="{SCHEMA}"><code>{SCHEMA}</code></a>' in html
    assert "<script>" not in html


def test_docs_page_in_dutch_and_french(client, alice):
    client.force_login(alice)
    nl = client.get(DOCS, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "<h1>API-documentatie</h1>" in nl and "Gepubliceerde opdrachten" in nl
    assert "<code>flanders</code> (Vlaanderen)" in nl
    fr = client.get(DOCS, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Documentation de l’API</h1>" in fr


def test_docs_page_is_for_members(client):
    assert client.get(DOCS).status_code == 302
