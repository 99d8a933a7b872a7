"""The demo world's robots as an IFR World Robotics extract, and the C1-ifr design's known truth.

:func:`write_ifr_file` writes the world's country x industry x year robots in IFR's long layout
(``Year, industrycode, industry, countrycode, country, delivered, op_stock``) with IFR's nested
codes: ``000`` all industries, ``D`` manufacturing, an unspecified ``99`` holding
:data:`UNSPECIFIED_SHARE` of every industry's robots, the first manufacturing industry (IFR
``29``) split four levels deep (``291``, ``293`` with ``2931``/``2932``/``2939``, ``299``), IFR's
aggregates under IFR's codes, real IFR country codes (``SL``, ``CR``, ``RCH``, ``UK``, ``IC``, a
mis-encoded ``TÃ¼rkiye``) carrying SYNTHETIC numbers, ``000`` as Excel re-saves it, and cut
industry names: the quirks of real World Robotics extracts. Each demo industry carries an IFR code that maps one to one to a WIOD
industry (:data:`MANUF_CODES`, :data:`SERVICE_CODES`), so after the reader, the allocation and
the concordance the stocks are the world's own (up to rounding to whole robots).

:func:`design_truth` is what the C1-ifr 2SLS (:mod:`gvc.claims.families.c1_ifr`) estimates in
this world: beta times the exact Leontief derivatives of the backward participation measure
(``exgr_fvash``), weighted as the design weights them -- (z' M y_causal) / (z' M x) with M the
fixed-effect annihilator, z the leave-one-out instrument and y_causal[c,i,t] = 100 x sum_j
J[c,i,j,t] x beta x density[c,j,t]/100 (pct per robot per 100 workers; first order).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import GvcError

MANUF_CODES = (
    ("29", "c15"),
    ("26-27", "c14"),
    ("24", "c12"),
    ("28", "c13"),
    ("22", "c10"),
    ("20-21", "c9"),
    ("10-12", "c3"),
    ("17-18", "c7"),
    ("23", "c11"),
    ("91", "c16"),
)
"""IFR code and WIOD industry of the demo's manufacturing industries m1, m2, ..."""
SERVICE_CODES = (("F", "c18"), ("E", "c17"), ("C", "c2"), ("A-B", "c1"))
"""IFR code and WIOD industry of the demo's other industries s1, s2, ..."""
UNSPECIFIED_SHARE = 0.05
FILE = "SYNTHETIC_demo_world_robotics.csv"


def industry_map(world) -> pd.DataFrame:
    """demo industry -> IFR code -> WIOD industry."""
    manuf = [i for i in world.industries if i in world.manufacturing]
    serv = [i for i in world.industries if i not in world.manufacturing]
    if len(manuf) > len(MANUF_CODES) or len(serv) > len(SERVICE_CODES):
        raise GvcError(
            f"the IFR-layout demo file supports at most {len(MANUF_CODES)} manufacturing and "
            f"{len(SERVICE_CODES)} other industries (world has {len(manuf)} and {len(serv)})"
        )
    rows = [(d, *MANUF_CODES[k]) for k, d in enumerate(manuf)]
    rows += [(d, *SERVICE_CODES[k]) for k, d in enumerate(serv)]
    return pd.DataFrame(rows, columns=["demo", "ifr", "wiod"])


def country_names(world) -> dict[str, str]:
    """Synthetic country name -> demo code, for the reader's ``extra_countries`` (the reader
    then knows both the names and the codes)."""
    return {n: c for c, n in zip(world.countries, world.country_info.names, strict=True)}


COLUMNS = ["Year", "industrycode", "industry", "countrycode", "country", "delivered", "op_stock"]
"""Column order of IFR's World Robotics extract."""
REAL_CODE_ROWS = (
    ("SL", "Slovenia"),
    ("CR", "Croatia"),
    ("RCH", "Chile"),
    ("UK", "United Kingdom"),
    ("IC", "Iceland"),
    ("TR", "T\u00c3\u00bcrkiye"),
    ("KR", "Rep. of Korea"),
)
"""IFR's own country codes (not ISO: SL is Slovenia, CR Croatia, IC Iceland) written, with
SYNTHETIC numbers, beside the demo's countries so the demo exercises IFR's code table; the
Turkish name is mis-encoded (UTF-8 read as cp1252) as in real extracts."""
CUT_NAMES = {
    "23": "Glass, ceramics, stone, mineral products (non-auto",
    "2932": "Automotive parts: rubber and plastic products (non-auto",
}
"""Industry names cut off as in real extracts."""


def _country_rows(y, code, name, stock, inst, manuf, imap, q, excel_zero):
    """One country-year of the extract: 000, D, 99, each industry, and inside the first
    manufacturing industry (IFR 29) the four-level nesting 291 / 293 (2931, 2932, 2939) / 299."""
    spec_s, spec_i = np.round(stock * (1 - q)), np.round(inst * (1 - q))
    top = "0" if excel_zero else "000"  # '000' re-saved by Excel becomes 0
    rows = [
        (y, top, "All Industries", code, name, inst.sum(), stock.sum()),
        (y, "D", "Manufacturing", code, name, spec_i[manuf].sum(), spec_s[manuf].sum()),
        (y, "99", "Unspecified", code, name, inst.sum() - spec_i.sum(), stock.sum() - spec_s.sum()),
    ]
    for ind in stock.index:
        ic = imap.loc[ind, "ifr"]
        rows.append((y, ic, CUT_NAMES.get(ic, ind), code, name, spec_i[ind], spec_s[ind]))
        if ic != "29":
            continue
        a_s, b_s = np.round(0.6 * spec_s[ind]), np.round(0.3 * spec_s[ind])
        a_i, b_i = np.round(0.6 * spec_i[ind]), np.round(0.3 * spec_i[ind])
        p_s = [np.round(0.5 * b_s), np.round(0.3 * b_s)]
        p_i = [np.round(0.5 * b_i), np.round(0.3 * b_i)]
        rows += [
            (y, "291", "Motor vehicles, engines and bodies", code, name, a_i, a_s),
            (y, "293", "Automotive parts", code, name, b_i, b_s),
            (y, "2931", "Metal products", code, name, p_i[0], p_s[0]),
            (y, "2932", CUT_NAMES["2932"], code, name, p_i[1], p_s[1]),
            (y, "2939", "Other/unspecified", code, name, b_i - sum(p_i), b_s - sum(p_s)),
            (
                y,
                "299",
                "Automotive unspecified",
                code,
                name,
                spec_i[ind] - a_i - b_i,
                spec_s[ind] - a_s - b_s,
            ),
        ]
    return rows


def write_ifr_file(world, path: Path) -> Path:
    """Write the IFR-layout file (module docstring): IFR's column order, the demo's countries
    under their codes and names, IFR's aggregates under IFR's codes (WR World, OT Others not
    specified, WEU Western Europe, AM AMERICA), :data:`REAL_CODE_ROWS` (synthetic numbers under
    real IFR codes), ``000`` as Excel re-saves it (``0``) for every other country, and cut
    names. Returns ``path``."""
    imap = industry_map(world).set_index("demo")
    r = world.panels()["robots"]
    names = dict(zip(world.countries, world.country_info.names, strict=True))
    order = {c: k for k, c in enumerate(world.countries)}
    rows = []
    q = UNSPECIFIED_SHARE
    for (c, y), g in r.groupby(["iso3", "year"], sort=True):
        stock = g.set_index("industry")["operational_stock"].astype(float)
        inst = g.set_index("industry")["installations"].astype(float)
        manuf = [i for i in stock.index if i in world.manufacturing]
        rows += _country_rows(y, c, names[c], stock, inst, manuf, imap, q, order[c] % 2 == 1)
        k = order[c]
        if k < len(REAL_CODE_ROWS):  # synthetic numbers under a real IFR code
            rc, rn = REAL_CODE_ROWS[k]
            rows += _country_rows(
                y, rc, rn, np.round(stock / 3), np.round(inst / 3), manuf, imap, q, False
            )
    df = pd.DataFrame(rows, columns=COLUMNS)
    ours = df[df["countrycode"].isin(world.countries)]
    top = ours[ours["industrycode"].isin(["0", "000", "D"])].assign(
        industrycode=lambda d: d["industrycode"].replace({"0": "000"})
    )
    world_rows = top.groupby(["Year", "industrycode"], as_index=False)[["delivered", "op_stock"]]
    world_rows = world_rows.sum()
    first3 = top[top["countrycode"].isin(world.countries[:3])]
    weu = first3.groupby(["Year", "industrycode"], as_index=False)[["delivered", "op_stock"]].sum()
    agg = [
        world_rows.assign(countrycode="WR", country="WORLD", industry="aggregate"),
        world_rows.assign(
            countrycode="OT",
            country="Others not specified",
            industry="aggregate",
            delivered=0.0,
            op_stock=0.0,
        ),
        weu.assign(countrycode="WEU", country="Western Europe", industry="aggregate"),
        weu.assign(countrycode="AM", country="AMERICA", industry="aggregate"),
    ]
    df = pd.concat([df, *agg], ignore_index=True)[COLUMNS]
    df[["delivered", "op_stock"]] = df[["delivered", "op_stock"]].astype("int64")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    df.to_csv(tmp, index=False, encoding="utf-8")
    tmp.replace(path)
    return path


def design_truth(world, panel: pd.DataFrame, fe: tuple[str, ...] = ("ci", "ct")) -> float:
    """The C1-ifr 2SLS estimand for backward participation in pct per robot per 100 workers
    (module docstring), on the rows of ``panel`` (the C1-ifr panel, WIOD labels)."""
    imap = industry_map(world).set_index("wiod")["demo"]
    ci = {c: k for k, c in enumerate(world.countries)}
    ii = {d: k for k, d in enumerate(world.industries)}
    ti = {y: k for k, y in enumerate(world.years)}
    d = panel.dropna(subset=["exgr_fvash", "density_100", "z_density_100"]).copy()
    c_idx = d["iso3"].map(ci).to_numpy()
    i_idx = d["industry"].map(imap).map(ii).to_numpy()
    t_idx = d["year"].map(ti).to_numpy()
    dens = world.counts.density / 100.0  # (G, N, T), robots per 100 workers
    effect = np.einsum("cijt,cjt->cit", world.jacobian, dens) * world.params.beta * 100.0
    d["y_causal"] = effect[c_idx, i_idx, t_idx]
    dummies = pd.get_dummies(d[list(fe)].astype(str), drop_first=False).to_numpy(float)

    def resid(v: np.ndarray) -> np.ndarray:
        coef, *_ = np.linalg.lstsq(dummies, v, rcond=None)
        return v - dummies @ coef

    z = resid(d["z_density_100"].to_numpy())
    return float(z @ resid(d["y_causal"].to_numpy()) / (z @ resid(d["density_100"].to_numpy())))


def run_c1_ifr(world, gvc_panel: pd.DataFrame, data_dir: Path) -> dict:
    """Write the IFR-layout file into ``data_dir/raw/ifr``, build ``robots_by_industry``,
    ``ifr_files`` and ``employment_by_industry`` through the real builders, and run the C1-ifr
    estimation code on them. Returns ``{"panel", "fits", "truth", "file"}``; fits are the 2SLS
    and OLS of backward participation (pct) on robots per 100 workers (reading (a)) and the
    registered elasticity ``C1-ifr-elast``."""
    from gvc import config
    from gvc.claims.families import c1_ifr
    from gvc.panels import robots_by_industry as rbi
    from gvc.panels.build import build_one
    from gvc.panels.load import load

    path = write_ifr_file(world, Path(data_dir) / "raw" / "ifr" / FILE)
    inputs = {f"ifr/{FILE}": path}
    names = country_names(world)
    imap = industry_map(world).set_index("demo")["wiod"]
    emp = world.panels()["employment"].assign(industry=lambda d: d["industry"].map(imap))
    emp = emp[["source", "iso3", "industry", "year", "employment"]].astype(
        {"employment": "float64"}
    )
    gp = gvc_panel.copy()
    gp["industry"] = gp["industry"].map(lambda i: imap.get(i, i))
    with config.using_data_dir(data_dir):
        for name, make in (
            ("robots_by_industry", lambda p: rbi.build_robots_by_industry(p, names)),
            ("ifr_files", lambda p: rbi.build_ifr_files(p, names)),
        ):
            build_one(name, inputs, make, subpackages=("demo", "sources", "panels"), force=True)
        build_one("employment_by_industry", {}, lambda _: emp, subpackages=("demo",), force=True)

        def loader(name: str) -> pd.DataFrame:
            return gp if name == "gvc_participation" else load(name)

        panel, why = c1_ifr.load_panel(loader, gvc_source="synthetic_demo")
        if panel is None:
            raise GvcError(f"demo C1-ifr panel could not be built: {why}")
    # unweighted, leave-one-out instrument: the design whose estimand design_truth computes
    spec_iv = c1_ifr.Spec(
        "exgr_fvash", "density_100", "(a) backward, 2SLS", True, True, weights=None,
        instrument="loo",
    )  # fmt: skip
    spec_ols = c1_ifr.Spec(
        "exgr_fvash", "density_100", "(a) backward, OLS", False, True, weights=None
    )
    fits = {
        "C1-ifr IV: backward participation": c1_ifr.fit_spec(panel, spec_iv)[0],
        "C1-ifr OLS: backward participation": c1_ifr.fit_spec(panel, spec_ols)[0],
        "C1-ifr-elast": c1_ifr.fit_spec(panel, c1_ifr.SPECS["C1-ifr-elast"])[0],
    }
    return {"panel": panel, "fits": fits, "truth": design_truth(world, panel), "file": path}
