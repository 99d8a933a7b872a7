"""Published worked example: the KWW and WWZ tables printed in R decompr's vignette.

The vignette of decompr (Quast and Kummritz, CRAN, vignette dated 2021-05-08, file
``inst/doc/decompr.html``) prints ``decomp(leather, method = "kww")`` (country level, 9 terms)
and ``decomp(leather, method = "wwz")`` (exporter x sector x importer, 16 terms) for its 3 x 3
``leather`` table. The numbers below are copied from that printout (7-8 significant digits, so
the tolerance is 1e-6 relative); gvc computes them independently from the same table.
"""

import pytest

from gvc.io import decompose

KWW_TERMS = ["DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN",
             "FVA_INT", "FDC"]  # fmt: skip
KWW_PUBLISHED = {
    "ARG": [19.34940, 18.97119, 8.411491, 5.259501, 0.8259724, 0.8723949, 3.450595, 3.388617,
            3.770832],
    "TUR": [43.39461, 26.20678, 7.740053, 10.475795, 2.0075781, 2.6369363, 10.205386, 5.359698,
            5.573163],
    "DEU": [78.73101, 15.23967, 2.748464, 5.689669, 4.4335916, 4.4481800, 26.668992, 4.455024,
            5.185401],
}  # fmt: skip

WWZ_TERMS = ["DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT",
             "RDV_FIN", "RDV_FIN2", "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN",
             "DDC_INT", "ODC", "MDC"]  # fmt: skip
WWZ_PUBLISHED = {
    # (exporter, industry position, importer): the vignette's rows 2, 15 and 26
    ("ARG", 0, "TUR"): [5.4744354, 2.6813686, 1.13634407, 1.40930027, 0.504931544, 0.168614730,
                        0.70568372, 0.347019751, 0.41126356, 0.21430105, 0.19588405, 0.10207118,
                        0.064864146, 0.07171574, 0.33673597, 0.17546624],
    ("TUR", 1, "DEU"): [13.7238725, 12.0058480, 0.62802955, 3.90680904, 0.127367338, 0.950059562,
                        5.57979048, 0.074151999, 1.43574094, 1.74038658, 1.24831079, 1.51318619,
                        0.597136653, 0.65512387, 1.31733277, 1.59685374],
    ("DEU", 2, "TUR"): [23.7239990, 3.2689405, 0.14831124, 0.60720101, 0.018387426, 0.907106729,
                        1.37381855, 0.035453172, 4.09529671, 7.38070428, 0.58558374, 1.05536198,
                        0.673700534, 0.44822829, 0.70583084, 1.27207602],
}  # fmt: skip
TEXP = {("ARG", 0, "TUR"): 14.0, ("TUR", 1, "DEU"): 47.1, ("DEU", 2, "TUR"): 46.3}


def test_kww_country_terms_equal_decompr_vignette(leather):
    got = decompose(leather, "kww").astype({"exporter": str, "term": str})
    got = got.pivot(index="exporter", columns="term", values="value")
    for exporter, values in KWW_PUBLISHED.items():
        for term, value in zip(KWW_TERMS, values, strict=True):
            assert got.loc[exporter, term] == pytest.approx(value, rel=1e-6), (exporter, term)


@pytest.mark.parametrize("key", list(WWZ_PUBLISHED), ids=lambda k: f"{k[0]}-s{k[1]}-{k[2]}")
def test_wwz_bilateral_sector_terms_equal_decompr_vignette(leather, key):
    exporter, pos, importer = key
    industry = leather.industries[pos]
    got = decompose(leather, "wwz", "bilateral_sector").astype(
        {"exporter": str, "importer": str, "industry": str, "term": str}
    )
    cell = got[(got.exporter == exporter) & (got.importer == importer) & (got.industry == industry)]
    values = cell.set_index("term")["value"]
    for term, value in zip(WWZ_TERMS, WWZ_PUBLISHED[key], strict=True):
        assert values[term] == pytest.approx(value, rel=1e-6, abs=1e-9), (key, term)
    # the 16 terms add up to the bilateral sector exports the vignette prints (``texp``)
    assert values.sum() == pytest.approx(TEXP[key], abs=1e-9)
