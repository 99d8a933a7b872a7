"""C7: China's manufacturing has been the world's largest for 15 consecutive years (003).

Estimate: the first year of China's uninterrupted lead in manufacturing value added (current
USD) among countries (``countries.is_country``; aggregates such as EU or World excluded) that
runs through the last year of the data. Reference: 2010 (15 years through 2024), exact.
Sources: ``manufacturing_va`` (``wdi_nv_ind_manf_cd``: WDI NV.IND.MANF.CD; ``ncses_skti2``: NCSES
SEI 2024 SKTI-2), ``va_usd_mn`` in millions of current USD.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims.families import kit

SPECS = {"C7-wdi-run-start": "wdi_nv_ind_manf_cd", "C7-ncses-run-start": "ncses_skti2"}
LABELS = {"wdi_nv_ind_manf_cd": "WDI NV.IND.MANF.CD", "ncses_skti2": "NCSES SEI 2024 SKTI-2"}


def leaders(va: pd.DataFrame) -> pd.DataFrame:
    """Per year: ``year, leader, leader_va, chn_va, runner_up, runner_up_va, n_countries``
    (values in millions of current USD), from rows ``iso3, year, va_usd_mn`` of countries."""
    rows = []
    for year, g in va.dropna(subset=["va_usd_mn"]).groupby("year"):
        g = g.sort_values("va_usd_mn", ascending=False)
        chn = g.loc[g["iso3"] == "CHN", "va_usd_mn"]
        other = g[g["iso3"] != g["iso3"].iloc[0]]
        rows.append(
            {
                "year": int(year),
                "leader": g["iso3"].iloc[0],
                "leader_va": float(g["va_usd_mn"].iloc[0]),
                "chn_va": float(chn.iloc[0]) if len(chn) else float("nan"),
                "runner_up": other["iso3"].iloc[0] if len(other) else None,
                "runner_up_va": float(other["va_usd_mn"].iloc[0]) if len(other) else float("nan"),
                "n_countries": len(g),
            }
        )
    return pd.DataFrame(rows)


def run_start(lead: pd.DataFrame, iso3: str = "CHN") -> int | None:
    """First year of ``iso3``'s uninterrupted lead through the last year (None if not leading)."""
    lead = lead.sort_values("year")
    if lead.empty or lead["leader"].iloc[-1] != iso3:
        return None
    start = int(lead["year"].iloc[-1])
    for year, leader in zip(lead["year"].iloc[::-1], lead["leader"].iloc[::-1], strict=True):
        if leader != iso3:
            break
        start = int(year)
    return start


def data(load: kit.Loader) -> kit.FamilyData:
    """Manufacturing value added of countries only (aggregates dropped), per source."""
    out = kit.FamilyData()
    mva = kit.try_load(load, "manufacturing_va")
    countries = kit.try_load(load, "countries")
    for source in SPECS.values():
        if mva is None or countries is None or (mva["source"] == source).sum() == 0:
            out.missing[source] = f"manufacturing_va rows from {source}"
            continue
        is_c = set(countries.loc[countries["is_country"], "iso3"])
        out.frames[source] = mva[(mva["source"] == source) & mva["iso3"].isin(is_c)]
        out.frames[f"c7_leaders_{source}"] = leaders(out.frames[source])
    return out


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Both registered C7 specifications; estimate = run start year (reference 2010)."""
    rows = []
    for sid, source in SPECS.items():
        if source in data.missing:
            rows.append(kit.unavailable(claim, sid, data.missing[source], "run `gvc build`"))
            continue
        lead = data[f"c7_leaders_{source}"]
        start = run_start(lead)
        last = int(lead["year"].max())
        first = int(lead["year"].min())
        if start is None:
            rows.append(kit.ledger_row(claim, sid, None, note=f"China does not lead in {last}"))
            continue
        years = last - start + 1
        chn_first = lead.dropna(subset=["chn_va"])["year"].min()
        note = (
            f"{LABELS[source]}: China leads {start}-{last} ({years} consecutive years; "
            f"{years + 2024 - last} through 2024 if the lead held after {last}); data "
            f"{first}-{last}, China from {chn_first}; runner-up in {last}: "
            f"{lead['runner_up'].iloc[-1]}"
        )
        rows.append(kit.ledger_row(claim, sid, start, n_obs=len(lead), note=note))
    return rows


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """Manufacturing value added of China, the US, Japan and Germany, by source."""
    series = {s: data[s] for s in SPECS.values() if s not in data.missing}
    if not series:
        return []
    import seaborn as sns

    fig, ax = kit.new_figure()
    frames = []
    for source, va in series.items():
        top = va[va["iso3"].isin(["CHN", "USA", "JPN", "DEU"])]
        frames.append(top.assign(source=LABELS[source]))
    plot = pd.concat(frames)
    plot = plot[plot["year"] >= 1990].assign(va_tn=lambda d: d["va_usd_mn"] / 1e6)
    sns.lineplot(data=plot, x="year", y="va_tn", hue="iso3", style="source", ax=ax)
    ax.axvline(2010, color="grey", ls=":", lw=1)
    ax.set_ylabel("Manufacturing value added (trillion current USD)")
    ax.set_xlabel("Year")
    path = kit.save_figure(
        fig,
        fig_dir / "c7_manufacturing_va.png",
        "C7: manufacturing value added, China vs. other leaders (dotted: 2010)",
        "World Bank WDI NV.IND.MANF.CD; NSF NCSES SEI 2024 table SKTI-2",
    )
    return [path]


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines (run start and length per source), caveats, the leaders tables."""
    lines = []
    for _, r in rows.iterrows():
        source = SPECS[r["specification"]]
        if pd.isna(r["estimate"]):
            continue
        last = int(data[f"c7_leaders_{source}"]["year"].max())
        lines.append(kit.describe_row(r) + f" ({last - int(r['estimate']) + 1} years to {last})")
    return kit.FamilyText(
        result_md="Reference: lead since 2010 (15 years through 2024).\n\n"
        + "\n".join(f"- {x}" for x in lines),
        caveats=(
            "Current-USD value added moves with exchange rates; the data end before 2024 "
            "(WDI here to 2021, NCSES to 2022), so the claim's last years are not observed and "
            "the 15-year count assumes the lead held. WDI has no China value before 2004."
        ),
        data="manufacturing_va: WDI NV.IND.MANF.CD and NCSES SEI 2024 SKTI-2 (countries only).",
        tables={k: v for k, v in data.frames.items() if k.startswith("c7_leaders_")},
    )
