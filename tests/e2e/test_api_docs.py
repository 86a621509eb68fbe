"""The interactive API docs work offline: Swagger UI comes from this server, not a CDN."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_render_every_operation_from_this_server(new_context, base_url):  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto("/api/docs")
    page.locator(".opblock").first.wait_for()
    spec = page.request.get("/api/v1/openapi.json").json()
    operations = sum(
        1 for item in spec["paths"].values() for method in item if method != "parameters"
    )
    assert page.locator(".opblock").count() == operations > 40
    assert hosts == {urlparse(base_url).netloc}, f"the docs page reached out to {hosts}"
