"""Bad input: clear ValidationError naming the sector label (ISO3_industry) and the check."""

import numpy as np
import pytest
from io_testdata import LEATHER_COUNTRIES as C
from io_testdata import LEATHER_F, LEATHER_Z
from io_testdata import LEATHER_INDUSTRIES as IND

from gvc.errors import ValidationError
from gvc.io import ICIO, decompose


def make(Z=None, F=None, **kw):
    return ICIO(LEATHER_Z if Z is None else Z, LEATHER_F if F is None else F, C, IND, **kw)


def test_unbalanced_output_names_sector_and_check():
    x = LEATHER_Z.sum(1) + LEATHER_F.sum(1)
    x[4] *= 1.1  # TUR Textile & Leather 10% off
    with pytest.raises(ValidationError, match=r"'balance'.*TUR_Textile & Leather"):
        make(x=x)
    x = LEATHER_Z.sum(1) + LEATHER_F.sum(1)
    make(x=x * (1 + 1e-5))  # within default tolerance


def test_negative_output():
    x = LEATHER_Z.sum(1) + LEATHER_F.sum(1)
    x[2] = -1.0
    with pytest.raises(ValidationError, match=r"'negative output'.*ARG_Transport Equipment"):
        make(x=x)


def test_a_column_sum_at_least_one():
    Z = LEATHER_Z.copy()
    Z[:, 7] *= 10  # inputs of DEU_Textile & Leather exceed its output
    F = LEATHER_F.copy()
    with pytest.raises(ValidationError, match=r"'A column sum'.*DEU_Textile & Leather"):
        make(Z=Z, F=F, x=LEATHER_Z.sum(1) + LEATHER_F.sum(1), tol=10)


def test_nan_names_sector():
    Z = LEATHER_Z.copy()
    Z[3, 5] = np.nan
    with pytest.raises(ValidationError, match=r"'finite'.*TUR_Agriculture.*column TUR_Transport"):
        make(Z=Z)
    F = LEATHER_F.copy()
    F[8, 1] = np.inf
    with pytest.raises(ValidationError, match=r"'finite'.*DEU_Transport Equipment"):
        make(F=F)


def test_label_mismatches():
    with pytest.raises(ValidationError, match="'labels'"):
        ICIO(LEATHER_Z, LEATHER_F, C[:2], IND)
    with pytest.raises(ValidationError, match="'labels'.*F has 2 columns"):
        make(F=LEATHER_F[:, :2])
    with pytest.raises(ValidationError, match="'labels'.*duplicate"):
        ICIO(LEATHER_Z, LEATHER_F, ["ARG", "ARG", "DEU"], IND)
    with pytest.raises(ValidationError, match="'groups'"):
        make(groups={"EU": ["DEU", "FRA"]})


def test_zero_output_sector_is_handled_without_division_by_zero():
    Z = LEATHER_Z.copy()
    F = LEATHER_F.copy()
    Z[5, :] = 0.0
    Z[:, 5] = 0.0
    F[5, :] = 0.0
    io = make(Z=Z, F=F)
    assert io.x[5] == 0 and np.all(io.A[:, 5] == 0) and np.isfinite(io.A).all()
    df = decompose(io, "bm")
    assert np.isfinite(df.value).all()
    Z[2, 5] = 1.0  # inputs but no output
    with pytest.raises(ValidationError, match=r"'zero output'.*TUR_Transport Equipment"):
        make(Z=Z, F=F, x=np.r_[Z.sum(1)[:5] + F.sum(1)[:5], 0, Z.sum(1)[6:] + F.sum(1)[6:]])


def test_negative_value_added_option():
    va = LEATHER_Z.sum(1) * 0 + 1.0
    va[1] = -2.0
    with pytest.warns(UserWarning, match="value added.*ARG_Textile & Leather"):
        make(va=va)
    with pytest.raises(ValidationError, match="'value added'.*ARG_Textile & Leather"):
        make(va=va, negative_va="error")


def test_fd_categories_are_summed():
    F3 = np.repeat(LEATHER_F / 2, 2, axis=1)  # two categories per destination
    io = make(F=F3, fd_categories=["hh", "gfcf"])
    np.testing.assert_allclose(io.Y, LEATHER_F)
    with pytest.raises(ValidationError, match="fd_categories"):
        make(F=F3)
