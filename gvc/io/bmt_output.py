"""Output-based GVC participation in the spirit of Borin, Mancini and Taglioni (2025).

References: Borin, A., Mancini, M. and Taglioni, D. (2025), "Economic consequences of trade and
global value chain integration: a measurement perspective", World Bank Economic Review,
doi:10.1093/wber/lhaf017; earlier World Bank Policy Research Working Paper 9785 (Sept. 2021,
circulated as "Countries and Sectors in Global Value Chains" and "Measuring Exposure to Risk in
Global Value Chains") and slides "Countries and Sectors in GVCs" (Aug. 2021). Term names follow
the R package gvcAnalyzer (``bm_2025_output_components``), the only other implementation we know of.

What the paper says, as far as we could read it (issue 22). Only the abstracts
of the three versions of WP 9785, the opening slides and a press summary were available to us;
the section that defines the output measures, its equations and their numbers were not (so no
equation is cited here, and the section numbering some implementations quote is unverified).
The abstracts state, in substance:

- GVC participation is measured on output as well as on trade, with the same three-way split
  as trade: backward, forward and two-sided; a country-sector's production falls into purely
  domestic output, traditional trade and GVC-related production (2021 and 2025 abstracts);
- trade-based measures miss the output of domestic industries that serve exporters without
  exporting themselves, and so understate the GVC involvement of services (and upstream
  manufacturing);
- the standard backward/forward split overstates backward integration (the two-sided part is
  counted as backward);
- activities integrated both backward and forward are the largest share of GVC-related
  production, and most countries' and sectors' output is exposed to both foreign supply and
  foreign demand shocks.

The first three hold for the measures below (tests/io/test_io_bmt.py: on WIOD 2011 services
weigh more in world GVC-related output than in world GVC trade; GVC_TS + GVC_PB = Borin-Mancini's
GVCB). The fourth does not: on WIOD 2011 (rebalanced) two-sided output is 13% of world GVC_X
(pure forward 47%, pure backward 40%), and two-sided trade 14% of world GVC trade. The paper's
two-sided concept is therefore probably wider than gvc's (and gvcAnalyzer's, whose trade terms
gvc matches): this is open, see issue 22. The formulas below are gvc's reading of the concepts.

What is decomposed: the gross output x_i of every sector i of country s (the ``exporter`` column;
the industry in ``industry``), with the two splits of the tripartite trade decomposition
(:mod:`gvc.io.bmt_trade`) applied to output instead of exports.

1. Where the output goes (forward). Along s's domestic chain (L_ss = (I - A_ss)^-1),
   x_s = L_ss (Y_ss + E_s*) splits into output for home final demand, for exports absorbed by the
   direct importer and for exports the importer exports again::

       x^H = L_ss Y_ss,   x^T = L_ss sum_r DAE_sr,   x^R = L_ss sum_r RE_sr

   with DAE_sr = Y_sr + A_sr L_rr Y_rr and RE_sr = E_sr - DAE_sr = A_sr L_rr E_r* (balanced).
2. What the output is made of (backward): per unit of sector i's output, domestic value added
   d_i = (V_s L_ss)_i and imported inputs m_i = (u A_{-s,s} L_ss)_i along its domestic supply
   chain (d + m = 1 with residual value added). The imported inputs split into those sector i
   buys itself, a_i = (u A_{-s,s})_i, and those reaching it through domestic intermediates,
   m_i - a_i = (u A_{-s,s} L_ss A_ss)_i.

Terms (all (k*N,) by producing sector; table's currency unit):

- ``X``          gross output x.
- ``DomX``       d x^H: purely domestic production (no border crossed).
- ``TradX``      m x^H + d x^T: one border crossing (imported inputs absorbed at home; domestic
  content absorbed by the direct importer).
- ``GVC_PF_X``   d x^R: pure forward (domestic content that the importer exports again).
- ``GVC_PB_X``   m x^T: pure backward (imported content, exported, absorbed by the importer).
- ``GVC_TSImp``  a x^R: two-sided, through the sector's own imported intermediates.
- ``GVC_TSDom``  (m - a) x^R: two-sided, through imported content of its domestic intermediates.
- ``GVC_TS_X``   = GVC_TSImp + GVC_TSDom = m x^R.
- ``GVC_X``      = GVC_PF_X + GVC_TS_X + GVC_PB_X.

Identities: X = DomX + TradX + GVC_X for every sector of a balanced table with residual value
added (x = Z1 + Y1; ``ICIO(..., rebalance=True)`` for rounded published tables). Links to the
trade terms: with no domestic intermediates (A_ss = 0) the output terms of the exports are the
trade terms (x^T = DAE, x^R = RE, TSDom = 0); in general the country totals of a x^R and
v x^R (v x^T) equal the country's GVC_TS and GVC_PF (DAVAX) trade, while the output terms, being
gross output, also count every domestic supplier's output in the chain (which is how they reach
services and upstream industries that export little themselves).

Ratios (country and sector): ``share_GVC_output`` = GVC_X / X; ``share_PF_output``,
``share_TS_output``, ``share_PB_output`` = GVC_PF_X, GVC_TS_X, GVC_PB_X over GVC_X;
``forward_output`` = (GVC_PF_X - GVC_PB_X) / GVC_X.

On the definitions: where the paper (as available) is silent, and gvc's choices.

1. Whose content splits a sector's output into domestic and imported. gvc weights each
   producing sector's output by its own content (d_i, m_i along its domestic supply chain). An
   equally exact reading propagates the trade cells of :mod:`gvc.io.bmt_trade` (content of the
   exporting sector) back along L_ss: DomX = L_ss Y_ss, TradX = L_ss DAVAX, GVC_PF_X = L_ss PF,
   etc. The two agree on the output that ends up in exports (x^T + x^R) but not on its split: on
   WIOD 2011 world TradX is 24% of X under gvc's reading and 13% under the other; two-sided is
   13% and 14% of GVC_X (measured on WIOD 2011; tests/io/test_io_bmt.py asserts only the
   order: two-sided the smallest part on both readings). We keep gvc's (a sector is backward-integrated through the imports in
   its own supply chain; TSImp/TSDom, gvcAnalyzer's names, only make sense this way).
2. Imported content of output absorbed at home (m x^H) crosses one border: TradX.
3. TSImp/TSDom: a sector's own imported intermediates vs those reaching it through domestic
   suppliers (gvc's reading of gvcAnalyzer's labels; nothing in the available text splits TS).

gvcAnalyzer's output functions differ from all of these: they mix value added (its DomX,
GVC_PF_X) with gross output (its X_total), take TradX as the residual X - DomX - GVC_X, floor
its two-sided imported term at 0, and allocate sectors in proportion to output in one version;
they are therefore not an exact decomposition and are not reproduced here (a comparison on a
small table found differences of 12-92% per term).

Country groups: the group is one economy (its members' intra-group trade domestic, L_SS the
group's local inverse), as in :mod:`gvc.io.bmt_trade`; its sector level sums the members' sectors
by industry. Cost: local inverses only (no factorization of the global I - A).
"""

from __future__ import annotations

from gvc.io.bmt_trade import chain_content, imported_inputs, split_exports
from gvc.io.units import exporter_views

TERMS = (
    "X",
    "DomX",
    "TradX",
    "GVC_PF_X",
    "GVC_PB_X",
    "GVC_TSImp",
    "GVC_TSDom",
    "GVC_TS_X",
    "GVC_X",
)
RATIOS = {
    "share_GVC_output": lambda d: d["GVC_X"] / d["X"],
    "share_PF_output": lambda d: d["GVC_PF_X"] / d["GVC_X"],
    "share_TS_output": lambda d: d["GVC_TS_X"] / d["GVC_X"],
    "share_PB_output": lambda d: d["GVC_PB_X"] / d["GVC_X"],
    "forward_output": lambda d: (d["GVC_PF_X"] - d["GVC_PB_X"]) / d["GVC_X"],
}
LEVELS = ("country", "sector")


def bmt_output(io, exporters=None, include_groups: bool = True):
    """Per-country (or group) output terms (``TERMS``): list of (unit, {term: (k*N,) array})."""
    out = []
    for w in exporter_views(io, exporters, include_groups):
        a = imported_inputs(io, w.S)
        d, m = chain_content(w, a)
        dae, re = split_exports(io, w)
        # output along the domestic chain, by destination; one vector at a time: small
        # multi-column triangular solves wake OpenBLAS threads and cost ~100 times more
        xH, xT, xR = (w.local_solve(f) for f in (w.Y_SS, dae.sum(axis=1), re.sum(axis=1)))
        pf, pb, ts_imp = d * xR, m * xT, a * xR
        ts_dom = (m - a) * xR
        ts = ts_imp + ts_dom
        terms = {
            "X": io.x[w.S].copy(),
            "DomX": d * xH,
            "TradX": m * xH + d * xT,
            "GVC_PF_X": pf,
            "GVC_PB_X": pb,
            "GVC_TSImp": ts_imp,
            "GVC_TSDom": ts_dom,
            "GVC_TS_X": ts,
            "GVC_X": pf + ts + pb,
        }
        out.append((w.unit, terms))
    return out
