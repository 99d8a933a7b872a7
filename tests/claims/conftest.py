"""The real processed tables the claim analyses take, built once per session from the mirror.

The tables come from the project's own ETL (the root ``tests/conftest.py``'s ``built_data``
fixture builds every processed table from ``$GVC_MIRROR``; ``use_data`` points ``GVC_DATA_DIR``
at it) and are read with :func:`gvc.load`, exactly as the claim pipeline reads them. There is no
test-only copy of the ETL here, and no override of the ``mirror`` fixture: tests that need real
data fail when the mirror is missing.
"""

from __future__ import annotations

import pandas as pd
import pytest

import gvc


@pytest.fixture
def countries(use_data) -> pd.DataFrame:
    """``gvc.load("countries")``: ISO3, income group, ``developing_wb``, ``developing_m49``."""
    return gvc.load("countries")


@pytest.fixture
def patents(use_data) -> pd.DataFrame:
    """``gvc.load("patents")``: OWID/CSET AI patent applications per million x WDI population."""
    return gvc.load("patents")


@pytest.fixture
def ai_benchmarks(use_data) -> pd.DataFrame:
    """``gvc.load("ai_benchmarks")``: Epoch AI benchmark scores by model."""
    return gvc.load("ai_benchmarks")


@pytest.fixture
def ai_investment(use_data) -> pd.DataFrame:
    """``gvc.load("ai_investment")``: CSET private AI investment by country (via OWID)."""
    return gvc.load("ai_investment")


@pytest.fixture
def income_groups(use_data) -> pd.DataFrame:
    """``gvc.load("income_groups")``: World Bank income group by economy and data year."""
    return gvc.load("income_groups")
