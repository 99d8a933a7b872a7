"""Shared demo worlds (generated once per test session)."""

from __future__ import annotations

import pytest

from gvc.demo import generate_world

LARGE = {"n_countries": 40, "n_industries": 10, "n_years": 20}
"""The "large demo" used for estimator recovery: 8,000 country-industry-years."""


@pytest.fixture(scope="session")
def world():
    """The default world: seed 0, 12 countries x 8 industries x 15 years."""
    return generate_world(0)


@pytest.fixture(scope="session")
def large_world():
    """A large world for regressions (seed 0)."""
    return generate_world(0, **LARGE)
