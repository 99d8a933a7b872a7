# %% [markdown]
# # Getting started with gvc
#
# This notebook loads the processed panels, runs an input-output decomposition, fits a panel
# model and makes a regression table. It needs the panels built once: `make build` (or
# `gvc build`), with `GVC_MIRROR` pointing at a data mirror or with internet access.

# %%
import gvc

gvc.build(progress=False)  # no work when the panels are current
robots = gvc.load("robots")
robots[(robots.source == "ifr_press") & (robots.industry == "MANUF")].sort_values(
    "density_per_10k", ascending=False
).head(10)[["iso3", "year", "density_per_10k", "source_type"]]

# %% [markdown]
# ## A decomposition: Borin-Mancini on the WIOD 2011 world table
# Gross exports split into domestic and foreign content (millions of current USD).

# %%
from gvc.panels.gvc_participation import wiod_icio
from gvc.panels.icio_cache import load_wiod

icio = wiod_icio(load_wiod(2011))
bm = gvc.decompose(icio, method="bm", level="country")
table = bm.pivot(index="exporter", columns="term", values="value")
table.loc[["USA", "CHN", "DEU", "JPN", "KOR"], ["GEXP", "DC", "FC", "GVC", "GVCB", "GVCF"]]

# %%
assert (table["GEXP"] - table["DC"] - table["FC"]).abs().max() < 1e-6 * table["GEXP"].max()

# %% [markdown]
# ## GVC participation panel and a two-way fixed-effects model
# Backward participation (foreign value-added share of gross exports, a fraction) in
# manufacturing, regressed on the log of real GDP per capita with country and year effects.

# %%
gp = gvc.load("gvc_participation")
wdi = gvc.load("wdi")
y = gp[(gp.industry == "MANUF") & (gp.measure == "exgr_fvash")][["iso3", "year", "value"]]
gdp = wdi[wdi.indicator == "NY.GDP.PCAP.KD"][["iso3", "year", "value"]]
df = y.rename(columns={"value": "fva_share"}).merge(
    gdp.rename(columns={"value": "gdp_pc"}), on=["iso3", "year"]
)
import numpy as np

df["log_gdp_pc"] = np.log(df["gdp_pc"])
fit1 = gvc.feols("fva_share ~ log_gdp_pc | iso3 + year", df, vcov={"CRV1": "iso3"})
fit2 = gvc.feols("fva_share ~ log_gdp_pc | iso3", df, vcov={"CRV1": "iso3"})
fit1.tidy()

# %%
print(gvc.compare([fit1, fit2], names=["two-way FE", "country FE"]).to_markdown())
