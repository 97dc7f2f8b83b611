"""Shared pytest options and fixtures."""

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    # Golden files (tests/fixtures/report/golden.*) are rewritten only when asked for.
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing with them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
