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


def _load_hypothesis_profile() -> None:
    """Property tests: a bounded run by default (CI), a long one with HYPOTHESIS_PROFILE=long.
    No deadline: the first call into polars compiles, and a slow example is not a bug here."""
    import os

    from hypothesis import HealthCheck, settings

    common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
    settings.register_profile("ci", max_examples=200, **common)
    settings.register_profile("long", max_examples=20000, **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_load_hypothesis_profile()
