"""schemathesis over the OpenAPI document: every operation, 500+ generated cases.

Every generated request (valid and invalid bodies, random path values, with and without a
token, sometimes pointed at a real graph) must get no 5xx and a response that matches the
documented schema.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

EXAMPLES_PER_OPERATION = 25
REAL = {"org": "fuzz", "graph": "toc", "branch": "main", "ref": "main", "username": "fuzzer"}


@pytest.fixture
def seeded(app, api, small_doc) -> str:
    token = api.user("fuzzer")
    api.org(token, "fuzz")
    api.graph(token, "fuzz", "toc", small_doc)
    return token


@pytest.mark.slow
def test_every_operation_survives_generated_requests(app, seeded):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    counts: dict[str, int] = {}
    token = seeded

    def fuzz(operation: Any) -> None:
        @given(case=operation.as_strategy(), data=st.data())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any, data: Any) -> None:
            if data.draw(st.booleans(), label="authenticated"):
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            if case.path_parameters and data.draw(st.booleans(), label="real path"):
                case.path_parameters = {k: REAL.get(k, v) for k, v in case.path_parameters.items()}
            response = case.call()
            case.validate_response(
                response,
                checks=[
                    not_a_server_error,
                    response_schema_conformance,
                    content_type_conformance,
                    response_headers_conformance,
                ],
            )
            counts[operation.label] = counts.get(operation.label, 0) + 1

        run()

    for operation in operations:
        fuzz(operation)

    assert set(counts) == {op.label for op in operations}
    print(f"schemathesis: {sum(counts.values())} cases over {len(counts)} operations")
    assert sum(counts.values()) >= 500, counts
