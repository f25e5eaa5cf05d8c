"""Units and the conversions between them, declared once.

A unit belongs to a *dimension* (money in CNY, money in USD, share, count of
firms…) and has a factor to the dimension's base unit. Converting between two
units of the same dimension is a declared, exact rescale; anything else is an
error, never a silent rescale.

Examples
--------
>>> convert(6617, "亿元", "万元")
66170000.0
>>> factor("万美元", "亿美元")
0.0001
>>> convert(1, "亿元", "亿美元")
Traceback (most recent call last):
...
ValueError: cannot convert 亿元 (money (CNY)) to 亿美元 (money (USD)): different dimensions
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    symbol: str
    dimension: str
    factor: float  # multiply a value in this unit by factor to get the dimension's base unit
    name_en: str


_UNITS: dict[str, Unit] = {}
_ALIASES: dict[str, str] = {}


def _declare(symbol: str, dimension: str, factor: float, name_en: str, *aliases: str) -> None:
    _UNITS[symbol] = Unit(symbol, dimension, factor, name_en)
    for a in (symbol, *aliases):
        _ALIASES[_key(a)] = symbol


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")


# money, CNY (base: 元)
_declare("元", "money (CNY)", 1.0, "yuan", "yuan", "rmb", "cny")
_declare("万元", "money (CNY)", 1e4, "10k yuan", "10k yuan", "10,000 yuan")
_declare("亿元", "money (CNY)", 1e8, "100 million yuan", "100 million yuan", "100m yuan", "亿元人民币")
# money, USD (base: 美元)
_declare("美元", "money (USD)", 1.0, "US dollars", "usd", "us$")
_declare("万美元", "money (USD)", 1e4, "10k US dollars", "10k usd")
_declare("亿美元", "money (USD)", 1e8, "100 million US dollars", "100m usd", "100 million usd")
# money per area
_declare("万元/亩", "money per mu (CNY)", 1e4, "10k yuan per mu", "万元每亩")
_declare("元/亩", "money per mu (CNY)", 1.0, "yuan per mu")
# shares and rates
_declare("%", "percent", 1.0, "percent", "％", "percent", "pct", "百分比")
_declare("比例", "percent", 100.0, "fraction (0–1)", "fraction", "比率(0-1)", "小数")  # 0.304 = 30.4 %
# counts (base: 1 item). 家 for firms/institutions, 个 for projects/items.
_declare("家", "count of entities", 1.0, "entities", "firms")
_declare("个", "count of items", 1.0, "items", "items")
_declare("座", "count of buildings", 1.0, "buildings")
_declare("名", "count of persons", 1.0, "persons", "persons", "people")
_declare("人", "count of persons", 1.0, "persons")
_declare("万人", "count of persons", 1e4, "10k persons")
_declare("户", "count of households", 1.0, "households")
_declare("台", "count of vehicles", 1.0, "vehicles", "辆", "vehicles")
_declare("万台", "count of vehicles", 1e4, "10k vehicles", "万辆")
_declare("天", "days", 1.0, "days", "days")
_declare("位", "rank", 1.0, "rank", "名次", "rank")
# energy and capacity
_declare("GW", "power capacity", 1e6, "gigawatts", "吉瓦")
_declare("MW", "power capacity", 1e3, "megawatts")
_declare("kW", "power capacity", 1.0, "kilowatts", "千瓦")
_declare("GWh", "battery capacity", 1e6, "gigawatt-hours")
_declare("MWh", "battery capacity", 1e3, "megawatt-hours")
_declare("万吨标准煤", "energy", 1e4, "10k tonnes of coal equivalent", "万吨标煤", "10k tce")
_declare("吨标准煤", "energy", 1.0, "tonnes of coal equivalent", "tce", "吨标煤")
_declare("吨标准煤/万元", "energy intensity", 1.0, "tce per 10k yuan", "tce/10k yuan")
_declare("万吨CO2", "CO2 emissions", 1e4, "10k tonnes of CO2", "万吨二氧化碳")
_declare("吨CO2", "CO2 emissions", 1.0, "tonnes of CO2")
# mass, volume, area, length, concentration
_declare("亿斤", "grain mass", 1e8, "100 million jin")
_declare("万斤", "grain mass", 1e4, "10k jin")
_declare("斤", "grain mass", 1.0, "jin")
_declare("万亩", "area (mu)", 1e4, "10k mu")
_declare("亩", "area (mu)", 1.0, "mu")
_declare("公顷", "area (ha)", 1.0, "hectares", "ha")
_declare("平方米", "floor area", 1.0, "square metres", "m2", "㎡")
_declare("万平方米", "floor area", 1e4, "10k square metres", "万㎡")
_declare("万吨", "mass (t)", 1e4, "10k tonnes")
_declare("吨", "mass (t)", 1.0, "tonnes", "t")
_declare("吨/日", "capacity (t/day)", 1.0, "tonnes per day", "吨/天", "t/d")
_declare("t/h", "capacity (t/h)", 1.0, "tonnes per hour")
_declare("万吨/日", "capacity (t/day)", 1e4, "10k tonnes per day")
_declare("公里", "length", 1.0, "kilometres", "km")
_declare("kV", "voltage", 1.0, "kilovolts", "KV")
_declare("μg/m3", "concentration", 1.0, "micrograms per cubic metre", "微克/立方米", "ug/m3", "µg/m³", "μg/m³")
_declare("分钟", "minutes", 1.0, "minutes", "min")


def canonical(unit: str) -> str:
    """Return the canonical symbol of ``unit`` (aliases, 全角 forms and spaces folded).

    Raises
    ------
    ValueError
        If the unit is not declared.

    Examples
    --------
    >>> canonical(" 亿元 "), canonical("％")
    ('亿元', '%')
    """
    if not isinstance(unit, str) or not unit.strip():
        raise ValueError(f"unit must be a non-empty text, got {unit!r}")
    try:
        return _ALIASES[_key(unit)]
    except KeyError:
        raise ValueError(f"unknown unit {unit!r}; declared units are: {', '.join(sorted(_UNITS))}") from None


def is_known(unit: str) -> bool:
    """True if ``unit`` is declared (after folding aliases)."""
    try:
        canonical(unit)
    except ValueError:
        return False
    return True


def get(unit: str) -> Unit:
    """The :class:`Unit` for ``unit``."""
    return _UNITS[canonical(unit)]


def dimension(unit: str) -> str:
    """The dimension of ``unit``, e.g. ``'money (CNY)'``."""
    return get(unit).dimension


def factor(from_unit: str, to_unit: str) -> float:
    """The factor that converts a value in ``from_unit`` to ``to_unit``.

    Raises
    ------
    ValueError
        If the units are unknown or of different dimensions.
    """
    a, b = get(from_unit), get(to_unit)
    if a.dimension != b.dimension:
        raise ValueError(f"cannot convert {a.symbol} ({a.dimension}) to {b.symbol} ({b.dimension}): "
                         "different dimensions")
    return a.factor / b.factor


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` from ``from_unit`` to ``to_unit`` (same dimension only)."""
    return float(value) * factor(from_unit, to_unit)


def declared() -> list[Unit]:
    """All declared units, sorted by dimension then factor."""
    return sorted(_UNITS.values(), key=lambda u: (u.dimension, u.factor, u.symbol))


def label(symbol: str, lang: str = "zh") -> str:
    """How a unit is written on a chart: the symbol in Chinese, the English name in English.

    Symbols that are already international (%, GW, μg/m3) stay as they are.

    Examples
    --------
    >>> label("亿元", "en"), label("亿元", "zh"), label("%", "en")
    ('100 million yuan', '亿元', '%')
    """
    if lang == "zh" or not symbol or all(ord(ch) < 0x2E80 for ch in symbol):
        return symbol
    try:
        return _UNITS[canonical(symbol)].name_en
    except (KeyError, ValueError):
        return symbol
