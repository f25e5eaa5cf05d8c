"""Energy-related CO₂ derived from energy use and the energy mix, with documented factors.

CO₂ = E × (1 − s_nonfossil) × Σ_f w_f × EF_f, where E is total energy consumption
(万吨标准煤), s_nonfossil the non-fossil share, w_f the shares of coal, oil and gas
in fossil energy, and EF_f the emission factor per tonne of coal equivalent.

Emission factors (tCO₂ per tce) are the IPCC default CO₂ emission factors for
stationary combustion (2006 IPCC Guidelines for National Greenhouse Gas
Inventories, Vol. 2, Ch. 1, Table 1.4: other bituminous coal 94 600 kg/TJ, crude
oil 73 300 kg/TJ, natural gas 56 100 kg/TJ) converted with 1 tce = 29.3076 GJ
(GB/T 2589-2020). The zone's fossil mix is not published: the default
:data:`DEFAULT_FOSSIL_MIX` is an **assumption** close to Jiangsu's consumption
structure, stated wherever it is used; pass your own.

Examples
--------
>>> round(EMISSION_FACTORS["coal"], 3), round(EMISSION_FACTORS["gas"], 3)
(2.772, 1.644)
>>> round(co2(energy=1000.0, nonfossil_share=20.0), 1)  # 万吨CO2
2001.7
"""

from __future__ import annotations

import pandas as pd

GJ_PER_TCE = 29.3076
_KG_PER_TJ = {"coal": 94_600.0, "oil": 73_300.0, "gas": 56_100.0}
EMISSION_FACTORS = {k: v / 1000.0 * GJ_PER_TCE / 1000.0 for k, v in _KG_PER_TJ.items()}  # tCO2 per tce
DEFAULT_FOSSIL_MIX = {"coal": 0.68, "oil": 0.18, "gas": 0.14}
SOURCE = ("IPCC 2006 Guidelines Vol. 2 Ch. 1 Table 1.4 default CO2 factors; 1 tce = 29.3076 GJ (GB/T 2589-2020); "
          "fossil mix coal 68% / oil 18% / gas 14% is an assumption")


def fossil_factor(mix: dict[str, float] | None = None) -> float:
    """tCO₂ per tce of fossil energy for a mix of coal, oil and gas (shares summing to 1)."""
    mix = DEFAULT_FOSSIL_MIX if mix is None else mix
    unknown = set(mix) - set(EMISSION_FACTORS)
    if unknown:
        raise ValueError(f"unknown fuels {sorted(unknown)}; expected some of {sorted(EMISSION_FACTORS)}")
    total = sum(mix.values())
    if abs(total - 1) > 1e-6 or any(v < 0 for v in mix.values()):
        raise ValueError(f"fossil mix shares must be non-negative and sum to 1, got {mix} (sum {total:g})")
    return sum(EMISSION_FACTORS[f] * w for f, w in mix.items())


def co2(*, energy: float, nonfossil_share: float, mix: dict[str, float] | None = None) -> float:
    """CO₂ in 万吨 from energy use in 万吨标准煤 and the non-fossil share in %."""
    if not 0 <= nonfossil_share <= 100:
        raise ValueError(f"non-fossil share must be within 0–100 %, got {nonfossil_share}")
    if energy < 0:
        raise ValueError(f"energy consumption must be ≥ 0, got {energy}")
    return energy * (1 - nonfossil_share / 100.0) * fossil_factor(mix)


def co2_path(energy: pd.Series, nonfossil_share: pd.Series, *, mix: dict[str, float] | None = None) -> pd.DataFrame:
    """Yearly CO₂ (万吨) for the years both series cover: columns ``energy, nonfossil_share, co2``."""
    both = pd.concat({"energy": energy, "nonfossil_share": nonfossil_share}, axis=1).dropna()
    both["co2"] = [co2(energy=e, nonfossil_share=s, mix=mix) for e, s in zip(both.energy, both.nonfossil_share)]
    both.attrs["source"] = SOURCE
    return both
