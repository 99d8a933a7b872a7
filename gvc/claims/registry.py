"""The claims ledger: one :class:`Claim` per quantitative statement in the source documents.

Source documents live in the seeds folder (named by ``GVC_SEEDS`` or found beside the mirror, see :func:`seeds_dir`); ``004``
carries most numbers. Every claim quotes the document's exact words (``text``, plus any
``also_quoted`` restatements); :func:`check_quotes` verifies each quote against its seed file,
modulo whitespace.

Units used in reference values:

- ``pct``: a percentage, 0-100 (a ``share`` in [0, 1] times 100);
- ``pts``: percentage points (a difference of two ``pct`` values);
- ``pts/yr``: percentage points per year (a linear trend);
- ``%/%``: an elasticity (percent change of y per percent change of x).

Specifications are ordered: the first one is the pre-registered primary specification, which the
headline rule (:func:`gvc.claims.verdict.headline`) uses first. Each specification names the
reference value it is compared with (``reference``) and the verdict rule (``rule``, see
:func:`gvc.claims.verdict.verdict`; ``tolerance`` applies to point comparisons).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

CLAIM_TYPES = ("effect", "trend", "share", "gap", "descriptive")
"""Allowed ``Claim.type`` values."""

SEED_000 = "000_fd5669d5293de010.txt"
"""He Ping and Yu Kaibo (2021), 'AI-Driven Production Reshapes Global Economy'."""
SEED_001 = "001_11382067a04d8968.txt"
"""'AI-Powered Industrial Reforms in China' (news feature, no author)."""
SEED_002 = "002_fe10929fcbb6bb9b.txt"
"""J. Choi (2023), 'Democratization of Production Power in the AI era' (no testable numbers)."""
SEED_003 = "003_f001cba573bcb202.txt"
"""Deep News (2026-01-02), 'New Observations on Chinese Manufacturing'."""
SEED_004 = "004_efb9977eb94b42d4.txt"
"""Changjing Ma, 'Artificial Intelligence and Globalized Division of Labor: Research Progress
and Future Prospects' (carries most numbers)."""

NOT_TESTABLE = "not testable with public data"
TESTABLE = "testable with public data"


@dataclass(frozen=True)
class ReferenceValue:
    """A number the claim asserts.

    ``value`` is the point value in ``unit``; ``low``/``high`` give a claimed range instead (e.g.
    "single digits" = ``low=-10, high=10`` pts); ``direction`` (+1/-1) marks sign-only claims
    ("rising", "decoupling") that carry no magnitude. ``bound`` (``greater_than`` or
    ``less_than``) makes ``value`` a one-sided threshold ("more than half" = ``value=50,
    bound="greater_than"``). ``year`` is the year the value refers to.
    """

    label: str
    value: float | None
    unit: str
    year: int | None = None
    low: float | None = None
    high: float | None = None
    direction: int | None = None
    bound: str | None = None

    def target(self) -> float | tuple[float, float]:
        """The argument for :func:`gvc.claims.verdict.verdict`: a number or a (low, high) range."""
        if self.low is not None and self.high is not None:
            return (self.low, self.high)
        if self.value is not None:
            return self.value
        if self.direction is not None:
            return float(self.direction)
        raise ValueError(f"reference {self.label!r} has no value, range or direction")


@dataclass(frozen=True)
class Specification:
    """One way of testing a claim: data, estimator, and which reference value it is compared to.

    ``rule`` is the verdict rule: ``interval`` (estimate with a 95% CI), ``direction`` (sign-only
    claims, CI needed) or ``point`` (no CI; |estimate - reference| <= ``tolerance``, in the
    reference's unit).
    """

    id: str
    description: str
    data: str
    reference: str
    rule: str = "interval"
    tolerance: float | None = None


@dataclass(frozen=True)
class Claim:
    """One quantitative statement in a source document.

    Attributes:
        id: ``C1``, ``C2``, ...
        text: the claim's exact words, quoted from the seed file ``source``.
        source: seed file name (e.g. ``004_efb9977eb94b42d4.txt``).
        cited: the reference the document cites for it (as printed), or a note that none is given.
        type: one of :data:`CLAIM_TYPES`.
        references: the claimed values, with units.
        data_needed: the data a test needs (mirror folders/files or named external sources).
        specifications: the tests, primary first; empty when not testable.
        testable: whether public data (the mirror) can test it.
        data_to_test: when not testable, what data would test it; else what is missing, if any.
        also_quoted: other places in the same seed that restate the claim (exact words).
        context: related published evidence and caveats for the report.
    """

    id: str
    text: str
    source: str
    cited: str
    type: str
    references: tuple[ReferenceValue, ...]
    data_needed: tuple[str, ...]
    specifications: tuple[Specification, ...]
    testable: bool
    data_to_test: str = ""
    also_quoted: tuple[str, ...] = ()
    context: str = ""
    quotes: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.type not in CLAIM_TYPES:
            raise ValueError(f"{self.id}: type {self.type!r} not in {CLAIM_TYPES}")
        if self.testable and not self.specifications:
            raise ValueError(f"{self.id}: a testable claim needs at least one specification")
        if not self.testable and not self.data_to_test:
            raise ValueError(f"{self.id}: a non-testable claim must say what data would test it")
        labels = {r.label for r in self.references}
        for spec in self.specifications:
            if spec.reference not in labels:
                raise ValueError(f"{self.id}/{spec.id}: unknown reference {spec.reference!r}")
        object.__setattr__(self, "quotes", (self.text, *self.also_quoted))

    @property
    def status(self) -> str:
        """``testable with public data`` or ``not testable with public data``."""
        return TESTABLE if self.testable else NOT_TESTABLE

    @property
    def primary(self) -> Specification | None:
        """The pre-registered primary specification (the first one), or None."""
        return self.specifications[0] if self.specifications else None

    def reference(self, label: str) -> ReferenceValue:
        """The reference value called ``label``."""
        for ref in self.references:
            if ref.label == label:
                return ref
        raise KeyError(f"{self.id}: no reference {label!r}")

    def specification(self, spec_id: str) -> Specification:
        """The specification called ``spec_id``."""
        for spec in self.specifications:
            if spec.id == spec_id:
                return spec
        raise KeyError(f"{self.id}: no specification {spec_id!r}")


def _not_testable(
    cid: str, text: str, source: str, cited: str, ref: ReferenceValue, data_to_test: str, **kw
) -> Claim:
    return Claim(
        id=cid,
        text=text,
        source=source,
        cited=cited,
        type=kw.pop("type", "descriptive"),
        references=(ref,),
        data_needed=(),
        specifications=(),
        testable=False,
        data_to_test=data_to_test,
        **kw,
    )


HUANG_2023 = (
    "[2] Huang Liangxiong, Lin Ziyue, Wang Xianbin (2023), Application of Industrial Robots and "
    "Reconstruction of Global Value Chain: From the Perspective of Bargaining Power of Export "
    "Products, China Industrial Economy (02): 74-92"
)
HAN_2023 = (
    "[4] Han Yonghui, Zhang Fan, Peng Jiacheng (2023), Order Reconstruction: Global Economic "
    "Governance under the Impact of Artificial Intelligence, World Economics and Politics (01): "
    "121-149"
)
ACEMOGLU_2016 = (
    "[5] Acemoglu D, Restrepo P (2016), The Race Between Machine and Man, NBER Working Paper "
    "(a theory paper: it reports no such number)"
)

_C1 = Claim(
    id="C1",
    text=(
        "Empirical evidence shows that every 1 percentage Industrial Robot Density elevation "
        "leads to a 0.8 percentage point decrease in the Manufacturing Global Value Chain "
        "Participation Rate"
    ),
    also_quoted=(
        "Their calculations show that every 1% increase in Industrial Robot Density leads to a "
        "0.8% decrease in the Manufacturing GVC Participation Rate, triggering regional "
        "contraction of the industrial chain [2].",
    ),
    source=SEED_004,
    cited=HUANG_2023,
    type="effect",
    references=(
        ReferenceValue(
            "points on points", -0.8, "pts GVC participation per 1 pt robot density (robots/100)"
        ),
        ReferenceValue("elasticity", -0.8, "%/% (log GVC participation on log robot density)"),
        ReferenceValue(
            "points per percent", -0.8, "pts GVC participation per 1% robot density (x = 100 log)"
        ),
    ),
    data_needed=(
        "wiod2013/ (GVC measures by industry, 1995-2011)",
        "jara/ (Japanese robot shipments by user industry -> robot stocks)",
        "adb-mrio-gvc/gvcp.parquet (trade- and production-based participation, 2017-2022)",
        "ifr-press/ifr_robot_density.csv (robots per 10,000 manufacturing employees)",
        "owid/industrial-robots-annual-installations-total-operational.csv",
        "user's own IFR country x industry x year file (licensed; data/raw/ifr/)",
        "wiod-sea/Socio_Economic_Accounts_July14.xlsx (WIOD SEA employment; optional)",
    ),
    specifications=(
        Specification(
            "C1-ifr-elast",
            "the cited design: countries x WIOD manufacturing industries x years, log trade-based "
            "GVC participation on log IFR robot stock (reading (c), elasticity; with base-year "
            "employment the country x industry FE absorb the denominator of density), FE country "
            "x industry + country x year + industry x year, SE clustered by country (wild "
            "bootstrap below 50 clusters; CRV1 and two-way CIs in the note)",
            "user's IFR file x WIOD 2013",
            "elasticity",
        ),
        Specification(
            "C1-ifr-pp",
            "as C1-ifr-elast, reading (a): trade-based participation (pct) on robots per 100 "
            "persons engaged (WIOD SEA EMP); data unavailable without the SEA file",
            "user's IFR file x WIOD 2013 x WIOD SEA",
            "points on points",
        ),
        Specification(
            "C1-ifr-semi",
            "as C1-ifr-elast, reading (b): participation (pct) on 100 x log robot stock (pts per "
            "1% of density; identified from log stocks under the FE)",
            "user's IFR file x WIOD 2013",
            "points per percent",
        ),
        Specification(
            "C1-ifr-backward",
            "as C1-ifr-elast with backward participation (foreign VA share of exports)",
            "user's IFR file x WIOD 2013",
            "elasticity",
        ),
        Specification(
            "C1-ifr-forward",
            "as C1-ifr-elast with forward participation (DVA in partners' exports)",
            "user's IFR file x WIOD 2013",
            "elasticity",
        ),
        Specification(
            "C1-ifr-production",
            "as C1-ifr-elast with production-based forward participation (Wang et al. 2017)",
            "user's IFR file x WIOD 2013",
            "elasticity",
        ),
        Specification(
            "C1-ifr-iv",
            "2SLS of C1-ifr-elast: log stock instrumented by the mean log stock of the same "
            "industry in the other high-income countries (leave-one-out), FE country x industry "
            "+ country x year, CRV1 by country; first-stage, effective and Kleibergen-Paap F in "
            "the note",
            "user's IFR file x WIOD 2013",
            "elasticity",
        ),
        Specification(
            "C1-ifr-pp-iv",
            "2SLS of C1-ifr-pp with the leave-one-out density of other high-income countries",
            "user's IFR file x WIOD 2013 x WIOD SEA",
            "points on points",
        ),
        Specification(
            "C1-ifr-ld-1995",
            "long difference 1995-2011: change in log trade-based participation on change in log "
            "robot stock by country x industry, country FE; pre-trend check in the note",
            "user's IFR file x WIOD 2013",
            "elasticity",
        ),
        Specification(
            "C1-ifr-ld-2000",
            "as C1-ifr-ld-1995 over 2000-2011",
            "user's IFR file x WIOD 2013",
            "elasticity",
        ),
        Specification(
            "C1-jp-elast",
            "Japan manufacturing industries 1995-2011 (unit-free reading, primary among the Japan "
            "rows: JARA-based density is not IFR's unit): log trade-based GVC participation on log "
            "robot density, industry and year FE, wild cluster bootstrap by industry (CRV1 CI in "
            "the note)",
            "WIOD 2013 x JARA shipments",
            "elasticity",
        ),
        Specification(
            "C1-jp-elast-no-c16",
            "as C1-jp-elast without the high-leverage industry c16 (manufacturing n.e.c.)",
            "WIOD 2013 x JARA shipments",
            "elasticity",
        ),
        Specification(
            "C1-jp-pp",
            "Japan manufacturing industries 1995-2011: trade-based GVC participation (pct of "
            "gross exports) on robot density (stock per 100 workers), industry and year FE, "
            "SE clustered by industry (wild bootstrap)",
            "WIOD 2013 x JARA shipments",
            "points on points",
        ),
        Specification(
            "C1-jp-backward",
            "as C1-jp-pp with backward participation (foreign VA in exports)",
            "WIOD 2013 x JARA shipments",
            "points on points",
        ),
        Specification(
            "C1-jp-forward",
            "as C1-jp-pp with forward participation (DVA in partners' exports)",
            "WIOD 2013 x JARA shipments",
            "points on points",
        ),
        Specification(
            "C1-jp-production",
            "as C1-jp-pp with production-based participation (Wang et al. 2017)",
            "WIOD 2013 x JARA shipments",
            "points on points",
        ),
        Specification(
            "C1-xc-adb-ifr",
            "countries 2017-2022: manufacturing GVC participation (trade-based, Borin-Mancini) on "
            "IFR robot density (robots per 100 employees), country and year FE",
            "ADB MRIO GVC x IFR press releases",
            "points on points",
        ),
        Specification(
            "C1-xc-adb-ifr-elast",
            "as C1-xc-adb-ifr, log-log",
            "ADB MRIO GVC x IFR press releases",
            "elasticity",
        ),
        Specification(
            "C1-xc-adb-owid",
            "CHN, DEU, JPN, KOR, USA 2017-2022: participation on log operational stock proxy from "
            "OWID installations, country and year FE",
            "ADB MRIO GVC x OWID robot installations",
            "elasticity",
        ),
    ),
    testable=True,
    data_to_test=(
        "IFR robot stocks by country x industry x year (licensed; the user supplies them in "
        "data/raw/ifr/) for the cited country-industry design (C1-ifr rows)."
    ),
    context=(
        "Published estimates point the other way: Artuc, Bastos and Rijkers (2023, JIE) find "
        "robot adoption in the North raises imports from the South; Yuan and Lu (2023) find robots "
        "raise GVC participation/position. The seed states the number twice with two readings "
        "(points on points; elasticity '1% -> 0.8%')."
    ),
)

_C2 = Claim(
    id="C2",
    text=(
        "According to the Stanford Report, the Performance Gap between top US and Chinese AI "
        "Models on key benchmarks such as MMLU and Human Eval has narrowed from double digits in "
        "2023 to single digits or even a fraction of a digit in 2024."
    ),
    also_quoted=(
        "the reduction of the AI Model Performance Gap between China and the United States to "
        "single digits highlights the new trend of Technology Competition",
    ),
    source=SEED_004,
    cited=(
        "'the Stanford Report' (Stanford HAI, AI Index Report 2025; not in the bibliography). "
        "AI Index 2025: MMLU gap 17.5 pts (end 2023) -> 0.3 (end 2024); HumanEval 31.6 -> 3.7"
    ),
    type="gap",
    references=(
        ReferenceValue("double digits 2023", None, "pts (US best - China best)", 2023, 10, 100),
        ReferenceValue("single digits 2024", None, "pts (US best - China best)", 2024, -10, 10),
        ReferenceValue("AI Index MMLU 2023", 17.5, "pts (US best - China best)", 2023),
        ReferenceValue("AI Index MMLU 2024", 0.3, "pts (US best - China best)", 2024),
        ReferenceValue("AI Index HumanEval 2023", 31.6, "pts (US best - China best)", 2023),
        ReferenceValue("AI Index HumanEval 2024", 3.7, "pts (US best - China best)", 2024),
    ),
    data_needed=(
        "epoch/mmlu_external.csv",
        "epoch/gpqa_diamond.csv",
        "epoch/math_level_5.csv",
        "epoch/epoch_capabilities_index.csv",
    ),
    specifications=(
        Specification(
            "C2-mmlu-2024",
            "MMLU: best US-developed minus best China-developed model among models released up "
            "to the end of 2024 (the frontier, as the AI Index compares top models), pts; "
            "multi-country models count for each listed country",
            "Epoch AI MMLU (external evaluations)",
            "single digits 2024",
            rule="point",
            tolerance=0.0,
        ),
        Specification(
            "C2-mmlu-2023",
            "as C2-mmlu-2024 for the frontier at the end of 2023",
            "Epoch AI MMLU (external evaluations)",
            "double digits 2023",
            rule="point",
            tolerance=0.0,
        ),
        Specification(
            "C2-mmlu-aiindex-2023",
            "C2-mmlu-2023 compared with the AI Index number (tolerance 2 pts: model sets differ)",
            "Epoch AI MMLU (external evaluations)",
            "AI Index MMLU 2023",
            rule="point",
            tolerance=2.0,
        ),
        Specification(
            "C2-mmlu-aiindex-2024",
            "C2-mmlu-2024 compared with the AI Index number (tolerance 2 pts)",
            "Epoch AI MMLU (external evaluations)",
            "AI Index MMLU 2024",
            rule="point",
            tolerance=2.0,
        ),
        Specification(
            "C2-mmlu-2024-single-country",
            "robustness: C2-mmlu-2024 without multi-country models",
            "Epoch AI MMLU (external evaluations)",
            "single digits 2024",
            rule="point",
            tolerance=0.0,
        ),
        Specification(
            "C2-mmlu-2024-released",
            "robustness: C2-mmlu-2024 among models released in 2024 only",
            "Epoch AI MMLU (external evaluations)",
            "single digits 2024",
            rule="point",
            tolerance=0.0,
        ),
        Specification(
            "C2-humaneval-2024",
            "HumanEval gap 2024: no open HumanEval data in Epoch's files (data unavailable)",
            "none (no open data)",
            "AI Index HumanEval 2024",
            rule="point",
            tolerance=2.0,
        ),
        Specification(
            "C2-gpqa-2024",
            "robustness: GPQA Diamond best-score gap, frontier at the end of 2024",
            "Epoch AI GPQA Diamond",
            "single digits 2024",
            rule="point",
            tolerance=0.0,
        ),
        Specification(
            "C2-math5-2024",
            "robustness: MATH Level 5 best-score gap, frontier at the end of 2024",
            "Epoch AI MATH Level 5",
            "single digits 2024",
            rule="point",
            tolerance=0.0,
        ),
    ),
    testable=True,
    data_to_test="HumanEval scores by model (not in Epoch's open data) would test the HumanEval part.",
    context=(
        "Epoch's MMLU file collects external evaluations with different prompting; the best "
        "model per country-year depends on which models were evaluated. The Epoch "
        "Capabilities Index gap is reported as context only (index points: it has no scale "
        "on which 'single digits' of percentage points means anything, so it gets no verdict)."
    ),
)

_C3 = Claim(
    id="C3",
    text=(
        "the share of developing countries in the global artificial intelligence patent pool "
        "decreased from 18.7% to 12.3% between 2015 and 2023"
    ),
    source=SEED_004,
    cited=HAN_2023 + " (a 2023 paper cannot report 2023 data)",
    type="share",
    references=(
        ReferenceValue("trend 2015-2023", -0.8, "pts/yr"),
        ReferenceValue("level 2015", 18.7, "pct", 2015),
        ReferenceValue("level 2023", 12.3, "pct", 2023),
    ),
    data_needed=(
        "owid/artificial-intelligence-patents-submitted-per-million.csv (CSET, 2014-2019)",
        "wdi/API_SP.POP.TOTL_* (population, to turn per-million rates into counts)",
        "countries table (developing: World Bank low/middle income; UN M49)",
        "wb-class/OGHIST.xlsx (World Bank income group of each year)",
    ),
    specifications=(
        Specification(
            "C3-trend-wb",
            "trend of the developing (World Bank low+middle income in each data year, historical "
            "OGHIST classification; incl. China) share of AI patent applications of the covered "
            "countries, 2014-2019, OLS with iid errors and t(n-2) (6 points: indicative), "
            "pts/yr; implied claim (12.3-18.7)/8 = -0.8 pts/yr",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "trend 2015-2023",
        ),
        Specification(
            "C3-level2015-wb",
            "developing (World Bank, 2015 classification) share in 2015, pct (tolerance 1 pt)",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "level 2015",
            rule="point",
            tolerance=1.0,
        ),
        Specification(
            "C3-level2023",
            "developing share in 2023: CSET/OWID data end in 2019 (data unavailable)",
            "none (coverage ends 2019)",
            "level 2023",
            rule="point",
            tolerance=1.0,
        ),
        Specification(
            "C3-trend-wb-exCHN",
            "as C3-trend-wb without China (numerator and denominator)",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "trend 2015-2023",
        ),
        Specification(
            "C3-trend-m49",
            "as C3-trend-wb with UN M49 developing regions (alternative definition)",
            "OWID/CSET AI patents per million x WDI population",
            "trend 2015-2023",
        ),
        Specification(
            "C3-trend-m49-exCHN",
            "as C3-trend-m49 without China",
            "OWID/CSET AI patents per million x WDI population",
            "trend 2015-2023",
        ),
        Specification(
            "C3-trend-wb-balanced",
            "as C3-trend-wb over the countries covered in every year (fixed country set)",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "trend 2015-2023",
        ),
        Specification(
            "C3-trend-wb-world",
            "as C3-trend-wb with the CSET World total as denominator",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "trend 2015-2023",
        ),
        Specification(
            "C3-level2015-wb-exCHN",
            "developing (World Bank, 2015 classification) share in 2015 without China",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "level 2015",
            rule="point",
            tolerance=1.0,
        ),
        Specification(
            "C3-level2015-m49",
            "developing (UN M49) share in 2015",
            "OWID/CSET AI patents per million x WDI population",
            "level 2015",
            rule="point",
            tolerance=1.0,
        ),
        Specification(
            "C3-trend-wb-drop-first",
            "sensitivity: C3-trend-wb without the first year (drop-one-endpoint)",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "trend 2015-2023",
        ),
        Specification(
            "C3-trend-wb-drop-last",
            "sensitivity: C3-trend-wb without the last year (drop-one-endpoint)",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "trend 2015-2023",
        ),
        Specification(
            "C3-trend-wb-base",
            "robustness: as C3-trend-wb with the base-year (2014) World Bank classification "
            "held fixed",
            "OWID/CSET AI patents per million x WDI population x World Bank OGHIST",
            "trend 2015-2023",
        ),
        Specification(
            "C3-trend-wb-current",
            "robustness only: as C3-trend-wb with today's World Bank classification applied to "
            "every year (drops later graduates from the group retroactively)",
            "OWID/CSET AI patents per million x WDI population x WDI country metadata",
            "trend 2015-2023",
        ),
        Specification(
            "C3-level2015-wb-current",
            "robustness only: C3-level2015-wb with today's World Bank classification",
            "OWID/CSET AI patents per million x WDI population x WDI country metadata",
            "level 2015",
            rule="point",
            tolerance=1.0,
        ),
    ),
    testable=True,
    data_to_test=(
        "AI patent counts by applicant country and year after 2019 (e.g. WIPO/PATSTAT, CSET "
        "updates) would reach 2023; the mirror covers ~67 entities, 2014-2019."
    ),
)

_C4 = Claim(
    id="C4",
    text=(
        "in the manufacturing sector of Southeast Asian countries, for every 1 percentage point "
        "increase in the penetration rate of industrial robots, there is a corresponding increase "
        "of 0.5 percentage points in the youth unemployment rate [5]"
    ),
    source=SEED_004,
    cited=ACEMOGLU_2016,
    type="effect",
    references=(
        ReferenceValue(
            "points on points",
            0.5,
            "pts youth unemployment per 1 pt robot penetration (robots per 100 mfg employees)",
        ),
    ),
    data_needed=(
        "ifr-press/ifr_robot_density.csv (SGP, THA, MYS, VNM, IDN, PHL where published)",
        "wdi/API_SL.UEM.1524.ZS_* (youth unemployment, pct of labour force 15-24)",
    ),
    specifications=(
        Specification(
            "C4-sea-fe",
            "Southeast Asian country-year panel: youth unemployment (pct) on robot density "
            "(robots per 100 manufacturing employees), country FE and linear trend; fewer than "
            "15 observations, so classical (iid) SE with t(n-k) critical values and the row is "
            "indicative (no HAC)",
            "IFR press densities x WDI",
            "points on points",
        ),
        Specification(
            "C4-sea-fd",
            "first differences of the same panel (changes between consecutive published "
            "years), classical (iid) SE with t(n-2); indicative (few changes of one country)",
            "IFR press densities x WDI",
            "points on points",
        ),
        Specification(
            "C4-all-ifr",
            "context: all countries with IFR press densities, country and year FE",
            "IFR press densities x WDI",
            "points on points",
        ),
    ),
    testable=True,
    data_to_test="IFR manufacturing robot stocks for all ASEAN members by year (licensed).",
)

_C5 = Claim(
    id="C5",
    text=(
        "Empirical studies by scholars have shown that this oppression leads to an average annual "
        "decrease of 0.6 percentage points in the export value-added rate of developing countries "
        "[8]."
    ),
    source=SEED_004,
    cited=(
        "[8] Mackintosh P M (2018), review of Dani Rodrik, 'Straight Talk on Trade', Business "
        "Economics 53(4) (a book review; reports no such estimate)"
    ),
    type="trend",
    references=(ReferenceValue("trend", -0.6, "pts/yr (DVA share of gross exports)"),),
    data_needed=(
        "adb-mrio-gvc/summary62.parquet (2000, 2007-2022) and gvcp.parquet (2017-2022)",
        "wiod2013/ (1995-2011, full decomposition)",
        "countries table (developing definitions)",
        "wb-class/OGHIST.xlsx (World Bank income group of each year)",
    ),
    specifications=(
        Specification(
            "C5-adb-dev",
            "domestic value-added share of gross exports (pct), export-weighted over economies "
            "that are low or middle income (World Bank) in each data year (historical OGHIST "
            "classification), linear trend 2017-2022, OLS with iid errors and t(n-2) (6 points: "
            "indicative), pts/yr",
            "ADB MRIO (July 2023) x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-adb-dev-exCHN",
            "as C5-adb-dev without China",
            "ADB MRIO (July 2023) x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-adb-dev-m49",
            "as C5-adb-dev with UN M49 developing (alternative definition)",
            "ADB MRIO (July 2023)",
            "trend",
        ),
        Specification(
            "C5-wiod-dev",
            "as C5-adb-dev on WIOD 2013, 1995-2011 (17 points: Newey-West HAC CI)",
            "WIOD 2013 x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-wiod-dev-exCHN",
            "as C5-wiod-dev without China",
            "WIOD 2013 x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-adb-dev-drop-first",
            "sensitivity: C5-adb-dev without the first year (drop-one-endpoint)",
            "ADB MRIO (July 2023) x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-adb-dev-drop-last",
            "sensitivity: C5-adb-dev without the last year (drop-one-endpoint)",
            "ADB MRIO (July 2023) x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-adb-dev-base",
            "robustness: as C5-adb-dev with the base-year (2017) classification held fixed",
            "ADB MRIO (July 2023) x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-wiod-dev-base",
            "robustness: as C5-wiod-dev with the base-year (1995) classification held fixed",
            "WIOD 2013 x World Bank OGHIST",
            "trend",
        ),
        Specification(
            "C5-adb-dev-current",
            "robustness only: as C5-adb-dev with today's World Bank classification in every year",
            "ADB MRIO (July 2023) x WDI country metadata",
            "trend",
        ),
        Specification(
            "C5-wiod-dev-current",
            "robustness only: as C5-wiod-dev with today's World Bank classification in every "
            "year (drops later graduates such as Poland or Chile retroactively)",
            "WIOD 2013 x WDI country metadata",
            "trend",
        ),
    ),
    testable=True,
    data_to_test="the claim names a cause ('this oppression'); public data test only the trend.",
)

_C6 = Claim(
    id="C6",
    text=(
        "The study finds that AI triggers Industrial Chain Regional Clustering by reducing the "
        "Technological Marginal Cost"
    ),
    also_quoted=(
        "In the spatial dimensionality, the industrial chain layout is accelerating from global "
        "dispersion to regional agglomeration",
    ),
    source=SEED_004,
    cited="none for the finding (the paper's own literature review)",
    type="trend",
    references=(
        ReferenceValue(
            "rising regional share",
            None,
            "pts/yr (regional share of foreign value added in exports)",
            direction=1,
        ),
    ),
    data_needed=(
        "wiod2013/ (foreign value added in exports by source country, 1995-2011)",
        "adb-mrio-gvc/ (2017-2022, if source-region splits are available)",
    ),
    specifications=(
        Specification(
            "C6-wiod-regional-fva",
            "share of intra-regional sources in foreign value added of gross exports (pct), all "
            "WIOD economies, linear trend with Newey-West CI; claim = positive trend",
            "WIOD 2013",
            "rising regional share",
            rule="direction",
        ),
        Specification(
            "C6-wiod-by-region",
            "as C6-wiod-regional-fva for each region (Europe, Asia, Americas)",
            "WIOD 2013",
            "rising regional share",
            rule="direction",
        ),
        Specification(
            "C6-wiod-asia-pacific",
            "as C6-wiod-regional-fva for Asia-Pacific exporters only (East Asia & Pacific and "
            "South Asia sourcing from the same region)",
            "WIOD 2013",
            "rising regional share",
            rule="direction",
        ),
    ),
    testable=True,
    data_to_test="the claim is causal ('AI triggers'); public data test only the trend.",
)

_C7 = Claim(
    id="C7",
    text=(
        "China's manufacturing sector has maintained its position as the world's largest for 15 "
        "consecutive years"
    ),
    source=SEED_003,
    cited="none (news commentary, published 2026-01-02)",
    type="descriptive",
    references=(
        ReferenceValue("consecutive years", 15, "years (through 2024)"),
        ReferenceValue("run start year", 2010, "year (first year of the uninterrupted lead)"),
    ),
    data_needed=(
        "wdi/API_NV.IND.MANF.CD_* (manufacturing value added, current USD)",
        "ncses/10758/ (SEI 2024 table SKTI-2, manufacturing value added 2002-2022)",
    ),
    specifications=(
        Specification(
            "C7-wdi-run-start",
            "first year of China's uninterrupted lead in manufacturing value added (current USD) "
            "up to the last year in the data; exact (tolerance 0)",
            "WDI NV.IND.MANF.CD",
            "run start year",
            rule="point",
            tolerance=0.0,
        ),
        Specification(
            "C7-ncses-run-start",
            "as C7-wdi-run-start with NCSES SEI value added 2002-2022",
            "NCSES SEI 2024 SKTI-2",
            "run start year",
            rule="point",
            tolerance=0.0,
        ),
    ),
    testable=True,
)

_C8 = Claim(
    id="C8",
    text=(
        "in countries with advanced automation, productivity gains have begun to decouple from "
        "employment growth"
    ),
    source=SEED_000,
    cited="He Ping, Yu Kaibo (2021), Industrial & Science Tribune (no source for the statement)",
    type="effect",
    references=(
        ReferenceValue(
            "weaker link",
            None,
            "change in the slope of employment growth on productivity growth (pts per pt)",
            direction=-1,
        ),
        ReferenceValue(
            "weaker output link",
            None,
            "change in the slope of employment growth on real GDP growth (pts per pt)",
            direction=-1,
        ),
    ),
    data_needed=(
        "jara/ALFS_SUMTAB_*.csv (OECD employment, 44 countries)",
        "wdi/API_NY.GDP.PCAP.csv and API_NY.GDP.MKTP.CD_* (output)",
        "ifr-press/ifr_robot_density.csv (high-automation group)",
    ),
    specifications=(
        Specification(
            "C8-alfs-output",
            "country-year panel: employment growth on real GDP growth x high robot density (top "
            "third by IFR density published up to 2016, the pre-period) x post-2016, country "
            "and year FE, wild cluster bootstrap by country (few treated countries); claim = "
            "negative interaction (a weaker "
            "employment response to output); no regressor built from the outcome (labour "
            "productivity = GDP / employment would carry division bias)",
            "OECD ALFS x WDI x IFR press densities",
            "weaker output link",
            rule="direction",
        ),
        Specification(
            "C8-alfs-output-post2010",
            "robustness: as C8-alfs-output with the break after 2010 (the group's densities "
            "are then partly measured after the break)",
            "OECD ALFS x WDI x IFR press densities",
            "weaker output link",
            rule="direction",
        ),
    ),
    testable=True,
    data_to_test="the statement names no countries, period or magnitude; the test fixes them.",
)

_C16 = Claim(
    id="C16",
    text="85% of global AI venture capital concentrated in the US, China, and Europe",
    source=SEED_004,
    cited="[5] Acemoglu and Restrepo 2016 (reports no such number)",
    type="share",
    references=(
        ReferenceValue(
            "VC share US+China+Europe",
            85,
            "pct of global AI venture capital (tested with a proxy: CSET estimated private AI "
            "investment)",
        ),
    ),
    data_needed=(
        "owid/private-investment-in-artificial-intelligence-cset.csv (CSET estimated private AI "
        "investment by investee country and World, current USD, 2014-2023)",
        "countries table (UN M49 regions, to define Europe)",
    ),
    specifications=(
        Specification(
            "C16-cset-2023",
            "PROXY (CSET 'private investment in AI' is not venture capital: it includes private "
            "equity and M&A-type deals): US + China + Europe share of the CSET World total in "
            "2023 (latest year), pct; Europe = UN M49 Europe (Northern, Southern, Eastern, "
            "Western Europe) plus Cyprus (EU member); tolerance 2.5 pts",
            "OWID/CSET private AI investment",
            "VC share US+China+Europe",
            rule="point",
            tolerance=2.5,
        ),
        Specification(
            "C16-cset-pooled",
            "as C16-cset-2023 pooled over every year in the data (sum of US + China + Europe "
            "over sum of the World total, 2014-2023), pct; tolerance 2.5 pts",
            "OWID/CSET private AI investment",
            "VC share US+China+Europe",
            rule="point",
            tolerance=2.5,
        ),
        Specification(
            "C16-cset-2023-eu27",
            "robustness: as C16-cset-2023 with Europe = the EU27 only (no UK, Switzerland, "
            "Norway), pct; tolerance 2.5 pts",
            "OWID/CSET private AI investment",
            "VC share US+China+Europe",
            rule="point",
            tolerance=2.5,
        ),
    ),
    testable=True,
    data_to_test=(
        "deal-level AI venture capital by investee country (PitchBook, Crunchbase, Dealroom) "
        "would test the claim itself; the public CSET private-investment series is a proxy."
    ),
    context=(
        "CSET's series (via OWID) estimates private investment in AI companies by investee "
        "country; it is broader than venture capital and its World total includes countries "
        "not listed separately. The claim cites a 2016 theory paper and gives no year."
    ),
)

_NOT_TESTABLE_004 = (
    _not_testable(
        "C9",
        "China is rapidly narrowing the technology gap through breakthroughs in innovative models "
        "such as DeepSeek and the cluster effect of over 4,500 AI enterprises",
        SEED_004,
        "none",
        ReferenceValue("AI enterprises", 4500, "firms (lower bound)"),
        "a registry of Chinese AI firms (e.g. CAICT/MIIT enterprise counts or a firm database "
        "such as Qichacha/Crunchbase with an AI industry flag).",
    ),
    _not_testable(
        "C10",
        "The EU's Digital Act mandates local data storage, leading to a 30% increase in the costs "
        "of cross-border cloud services.",
        SEED_004,
        "none (paragraph cites [4] Han, Zhang, Peng 2023)",
        ReferenceValue("cloud cost increase", 30, "pct"),
        "cross-border cloud service prices before/after the EU rule (provider price lists or "
        "contract data), with a comparison group of unaffected routes.",
        type="effect",
    ),
    _not_testable(
        "C11",
        "Currently, 40% of global AI R&D investment is concentrated in 100 companies in China and "
        "the United States",
        SEED_004,
        "none",
        ReferenceValue("R&D share of 100 firms", 40, "pct of global AI R&D investment"),
        "firm-level AI R&D spending (e.g. EU Industrial R&D Investment Scoreboard with AI "
        "attribution) and a global AI R&D total.",
        type="share",
    ),
    _not_testable(
        "C12",
        "while 118 Southern countries are excluded from core discussions on AI governance",
        SEED_004,
        "none (the number matches the UN HLAB-AI 2024 report: 118 countries in none of 7 "
        "AI governance initiatives)",
        ReferenceValue("excluded countries", 118, "countries"),
        "membership lists of the main AI governance initiatives (OECD AI Principles, G7 Hiroshima "
        "process, GPAI, Council of Europe convention, UN resolutions, AI summits).",
        also_quoted=(
            "excluding 118 developing countries from the core mechanisms of AI governance",
        ),
    ),
    _not_testable(
        "C13",
        "The WTO dispute settlement mechanism, hampered by a lack of rules, saw a case enforcement "
        "rate of only 32% in 2024",
        SEED_004,
        "none (paragraph cites [5] Acemoglu and Restrepo 2016)",
        ReferenceValue("WTO enforcement rate", 32, "pct", 2024),
        "WTO dispute-settlement case records with compliance outcomes (WTO DS database) and a "
        "stated definition of 'enforcement rate'.",
        type="share",
    ),
    _not_testable(
        "C14",
        "developing countries hold less than 30% of the seats in standard-setting bodies",
        SEED_004,
        "none",
        ReferenceValue("developing seats", None, "pct of seats", low=0, high=30),
        "membership/secretariat and technical-committee seat lists of ISO, IEC, ITU-T, IEEE and "
        "JTC 1/SC 42 by country, with a developing-country definition.",
        type="share",
    ),
    _not_testable(
        "C15",
        "meeting the full life cycle monitoring requirements for high-risk AI systems will "
        "increase corporate operating costs by 15%-20%",
        SEED_004,
        "none ('Empirical calculations')",
        ReferenceValue("compliance cost", None, "pct of operating costs", low=15, high=20),
        "firm-level compliance cost surveys under the EU AI Act (e.g. the Commission's impact "
        "assessment, CEPS 2021 cost study) for high-risk systems.",
        type="effect",
    ),
    _not_testable(
        "C17",
        "Huawei's Ascend chips, through architectural innovation, have achieved a 40% increase in "
        "computing density under the constraints of the 7nm process",
        SEED_004,
        "[9] Korinek and Stiglitz 2021 (predates the chips in question)",
        ReferenceValue("computing density gain", 40, "pct"),
        "chip specifications (TOPS per mm2 or per W) for Ascend generations and a 7nm "
        "comparison chip, e.g. from vendor datasheets or TechInsights teardowns.",
        type="effect",
    ),
    _not_testable(
        "C18",
        "reducing their Power Usage Effectiveness (PUE) value by 0.3 compared to traditional data "
        "centers",
        SEED_004,
        "none",
        ReferenceValue("PUE reduction", -0.3, "PUE units (ratio)"),
        "measured PUE of the Ghanaian naturally cooled data centres and of comparable "
        "conventionally cooled ones (operator reports, Uptime Institute survey).",
        type="effect",
    ),
    _not_testable(
        "C19",
        "The lack of coordination mechanisms among over 500 artificial intelligence ethics "
        "guidelines worldwide",
        SEED_004,
        "none",
        ReferenceValue("AI ethics guidelines", 500, "documents (lower bound)"),
        "an inventory of AI ethics guidelines (AlgorithmWatch AI Ethics Guidelines Global "
        "Inventory; OECD.AI policy database).",
    ),
    _not_testable(
        "C20",
        "requires training data to cover the physiological characteristics of at least 18 major "
        "African ethnic groups",
        SEED_004,
        "[10] Lu, Gu, Wei et al. 2023 (paragraph)",
        ReferenceValue("ethnic groups", 18, "groups (lower bound)"),
        "the text of the Sino-African framework and of the African Union instrument it cites.",
    ),
    _not_testable(
        "C21",
        "the United States' export control on semiconductor equipment with manufacturing "
        "processes below 14 nanometers",
        SEED_004,
        "[7] Acemoglu and Restrepo 2019 (does not cover export controls)",
        ReferenceValue("process threshold", 14, "nm"),
        "the US BIS export control rules (Federal Register, 7 Oct 2022 and later: 16/14 nm logic "
        "threshold) - a legal text, not a data set.",
    ),
)

_NOT_TESTABLE_OTHER = (
    _not_testable(
        "C22",
        "The adoption of AI has increased operational efficiency by over 20 percent while "
        "significantly reducing material waste.",
        SEED_001,
        "none (Suzhou intelligent-manufacturing pilot zone)",
        ReferenceValue("efficiency gain", 20, "pct (lower bound)"),
        "plant-level productivity records of the Suzhou pilot-zone firms before/after AI "
        "adoption, with comparison plants (e.g. Chinese industrial enterprise survey).",
        type="effect",
    ),
    _not_testable(
        "C23",
        "With 41 major industrial categories and a super-large market",
        SEED_003,
        "none",
        ReferenceValue("industrial categories", 41, "major categories (divisions)"),
        "the Chinese industrial classification GB/T 4754-2017 (41 industrial divisions, B06-D46) "
        "and NBS industrial output by division.",
    ),
    _not_testable(
        "C24",
        "A recent national conference on industry and information technology outlined ten key "
        "tasks for 2026",
        SEED_003,
        "none",
        ReferenceValue("key tasks", 10, "tasks"),
        "the MIIT national industry and IT work conference communique (a document, not data).",
    ),
)

CLAIMS: list[Claim] = sorted(
    [
        _C1,
        _C2,
        _C3,
        _C4,
        _C5,
        _C6,
        _C7,
        _C8,
        _C16,
        *_NOT_TESTABLE_004,
        *_NOT_TESTABLE_OTHER,
    ],
    key=lambda c: int(c.id[1:]),
)
"""Every registered claim, in ledger order. Seed 002 carries no quantitative statement."""


def get_claim(claim_id: str) -> Claim:
    """The claim with id ``claim_id`` (e.g. ``"C2"``)."""
    for claim in CLAIMS:
        if claim.id == claim_id:
            return claim
    raise KeyError(f"no claim {claim_id!r}; known: {[c.id for c in CLAIMS]}")


def seeds_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The folder holding the seed documents.

    ``override``, else ``$GVC_SEEDS``, else ``seeds/`` next to the mirror (``$GVC_MIRROR/../seeds``),
    else None.
    """
    if override is not None:
        return Path(override).expanduser().resolve()
    if os.environ.get("GVC_SEEDS"):
        return Path(os.environ["GVC_SEEDS"]).expanduser().resolve()
    if os.environ.get("GVC_MIRROR"):
        candidate = Path(os.environ["GVC_MIRROR"]).expanduser().resolve().parent / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def check_quotes(directory: str | os.PathLike, claims: list[Claim] | None = None) -> list[str]:
    """Problems with the claims' quotes: each quote must occur in its seed file (modulo
    whitespace). Returns one message per missing file or quote; an empty list means all found."""
    problems: list[str] = []
    texts: dict[str, str] = {}
    for claim in claims if claims is not None else CLAIMS:
        path = Path(directory) / claim.source
        if claim.source not in texts:
            if not path.is_file():
                problems.append(f"{claim.id}: seed file {path} not found")
                texts[claim.source] = ""
                continue
            texts[claim.source] = normalize_ws(path.read_text(encoding="utf-8"))
        for quote in claim.quotes:
            if normalize_ws(quote) not in texts[claim.source]:
                problems.append(f"{claim.id}: quote not found in {claim.source}: {quote[:60]!r}")
    return problems
