"""Shared fixtures for the input-output engine tests."""

from __future__ import annotations

import pytest
from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z, wiot


@pytest.fixture
def leather():
    """R decompr's leather example as an ICIO."""
    from gvc.io import ICIO

    return ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES)


@pytest.fixture
def wiod():
    """Loader: wiod(year) -> gvc.sources.wiod2013.WIOT read from $GVC_MIRROR (cached)."""
    return wiot
