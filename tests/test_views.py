"""Tables and figures for people: complete, in the reader's language, numbers rounded to their meaning, per cent
for probabilities, a dash and a reason instead of NaN, figures shown with labels at body-text size and within the
page."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

import kpi  # noqa: E402
from kpi.core import labels  # noqa: E402
from kpi.present import charts, style, views  # noqa: E402


@pytest.fixture(scope="module")
def d(tmp_path_factory):
    """The processed tables as the notebooks read them: made by the library and written to CSV as the build
    writes them (a clean checkout has no data/processed), then read back through views.Tables."""
    from kpi.core.files import write_csv
    from kpi.inputs.raw import load_all_vintages, load_history, load_targets
    from kpi.model import coherence, relative
    from kpi.model.assessment import analyse

    folder = tmp_path_factory.mktemp("processed")
    hist = load_history()
    tg = load_targets()
    out = analyse(targets=tg, history=hist, scenario="all")
    for name, frame in (("targets", tg.reset_index()), ("history", hist), ("history_all_vintages", load_all_vintages()),
                        ("scorecard", out["card"].reset_index()), ("projections", out["projections"]),
                        ("relative", relative.relative_summary("gdp", history=hist)),
                        ("coherence", coherence.check(targets=tg, history=hist))):
        write_csv(frame, folder / f"{name}.csv")
    return views.Tables(folder)


SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # a code such as gdp_2025 or mixed_basis
LATIN = re.compile(r"[A-Za-z]{3,}")


def _tables(d, lang):
    from kpi.model import emissions, review

    co2 = emissions.co2_path(views.series(d, "energy_consumption"), views.series(d, "share_nonfossil_energy"))
    return {
        "card": views.card_table(d, lang=lang),
        "scenarios": views.scenario_table(d, lang=lang),
        "company": views.company_plans(d, lang=lang),
        "relative": views.relative_table(d, lang=lang),
        "coherence": views.coherence_table(d, lang=lang),
        "review": views.review_table(review.review_table(d["history"], as_of=2021), as_of=2021, lang=lang),
        "co2": views.co2_table(co2, lang=lang),
        "sources": views.sources_table(lang=lang),
        "revisions": views.revisions_table(d, "gdp", "yancheng", lang=lang),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_for_people_show_no_nan_and_no_codes(d, lang):
    for name, table in _tables(d, lang).items():
        assert table.notna().all().all(), f"{name}: a missing value is not shown as a dash"
        cells = [str(v) for v in table.to_numpy().ravel()] + [str(c) for c in table.columns]
        assert not [c for c in cells if c.lower() in ("nan", "none", "<na>", "nat")], name
        if name in ("sources", "coherence"):  # file paths and the English notes of the coherence checks
            continue
        codes = [c for c in cells if SNAKE.search(c)]
        assert not codes, f"{name} shows codes: {codes[:5]}"


def test_chinese_tables_have_chinese_headers_and_labels(d):
    for name, table in _tables(d, "zh").items():
        latin = [c for c in table.columns if LATIN.search(str(c).replace("SHA", "").replace("CO2", ""))]
        assert not latin, f"{name}: headers not in Chinese: {latin}"
    card = views.card_table(d, lang="zh")
    english = {labels.STATUSES[s][1] for s in labels.STATUSES} | {"none", "mixed"}
    assert not set(card["数据性质"]) & english, set(card["数据性质"])
    assert set(card["判断"]) <= {zh for zh, _ in labels.VERDICTS.values()}


def test_relative_years_read_back_from_csv(d):
    """One common year is written 2022 (not 2022–2022) and reads back as a number: shown, not dashed."""
    for lang in ("zh", "en"):
        rel = views.relative_table(d, lang=lang)
        shown = rel.iloc[:, 1]
        has = d["relative"]["avg_growth_pct"].notna().to_numpy()
        assert (shown[has] != views.DASH).all()
        assert all(not re.fullmatch(r"(\d{4})–\1", y) for y in shown)


def test_card_table_is_complete_and_every_dash_has_a_reason(d):
    card = d["card"][d["card"].scenario == "baseline"]
    for lang, prob, note in (("zh", "实现概率", "说明"), ("en", "Probability", "Note")):
        table = views.card_table(d, lang=lang)
        assert len(table) == len(card) == len(kpi.load_targets())  # every target is a row
        dashes = table[table[prob] == views.DASH]
        assert len(dashes) == card["probability"].isna().sum()
        assert (dashes[note].str.len() > 0).all(), "a dash without a reason"
        assert set(dashes[note]) <= {r[("zh", "en").index(lang)] for r in labels.UNSCORED_REASONS.values()}
    # the reason agrees with the verdict beside it (a growth target without data is "no data", not "judged on
    # growth rates")
    table = views.card_table(d, lang="zh")
    r = {k: v[0] for k, v in labels.UNSCORED_REASONS.items()}
    assert set(table.loc[table["判断"] == "无数据", "说明"]) <= {r["no_data"], r["relative"], r["observed"]}
    assert set(table.loc[table["判断"] == "数据不足", "说明"]) <= {r["insufficient"], r["not_projected"]}
    # the headline targets are in the table a reader gets
    names = set(views.card_table(d, lang="zh")["目标"])
    assert {"地区生产总值", "规上工业增加值", "汽车、光伏、电子信息三大主导产业销售"} <= names


PERCENT = re.compile(r"^(\d{1,3}%|<1%|>99%|—)$")


def test_probabilities_are_per_cent_everywhere(d):
    for lang in ("zh", "en"):
        sc = views.scenario_table(d, lang=lang)
        for col in sc.columns[1:]:
            assert sc[col].map(lambda v: bool(PERCENT.match(v))).all(), (col, sc[col].tolist()[:5])
        card = views.card_table(d, lang=lang)
        assert card.iloc[:, 6].map(lambda v: bool(PERCENT.match(v))).all()


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_percent_is_a_whole_per_cent_or_a_bound(p):
    text = views.percent(p)
    assert PERCENT.match(text)
    if text not in ("<1%", ">99%"):
        assert abs(int(text[:-1]) - 100 * p) <= 0.5 + 1e-9


@settings(max_examples=200)
@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
       st.sampled_from(["亿元", "%", "家", "元", "万人", "万元/亩", ""]))
def test_number_is_the_value_rounded_to_its_meaning(v, unit):
    text = views.number(v, unit)
    shown = float(text.replace(",", ""))
    decimals = len(text.split(".")[1]) if "." in text else 0
    if unit == "家":
        assert decimals == 0
    elif unit == "%":
        assert decimals == 1
    if "e" not in text:
        assert abs(shown - v) <= 0.5 * 10 ** -decimals + 1e-9 * abs(v)


def test_people_table_is_complete_reproducible_and_dashes_missing_values():
    frame = pd.DataFrame({"目标": [f"目标{k}" for k in range(140)], "实现概率": ["50%"] * 139 + [None]})
    one, two = views.people_table(frame), views.people_table(frame)
    assert one == two
    html = one["text/html"]
    assert html.count("<tr") == 141 and "…" not in html and "NaN" not in html and "None" not in html
    assert "目标139" in one["text/plain"] and "…" not in one["text/plain"]
    with pd.option_context("display.max_rows", 10):  # a notebook's own pandas settings do not cut it
        assert views.people_table(frame)["text/html"].count("<tr") == 141
    # what display(frame) showed before: pandas cuts a 140-row table to 10 rows
    assert frame._repr_html_().count("<tr") < 20 and "140 rows × 2 columns" in frame._repr_html_()


def _chart_builders(d):
    from kpi.model import relative
    from kpi.model import emissions

    card = d["card"][d["card"].scenario == "baseline"]
    co2 = emissions.co2_path(views.series(d, "energy_consumption"), views.series(d, "share_nonfossil_energy"))
    growth = relative.relative_growth("gdp", history=d["history"])
    out = {}
    for lang in ("zh", "en"):
        out[f"dashboard_{lang}"] = lambda lang=lang: charts.scorecard_chart(card, lang=lang)
        out[f"scenarios_{lang}"] = lambda lang=lang: charts.scenario_chart(d["card"], lang=lang)
        out[f"relative_{lang}"] = lambda lang=lang: charts.relative_chart(growth, indicator="gdp", lang=lang)
        out[f"co2_{lang}"] = lambda lang=lang: charts.co2_chart(co2, lang=lang, illustrative=True)
        out[f"vintages_{lang}"] = lambda lang=lang: charts.vintage_chart(d["all_vintages"], indicator="gdp",
                                                                         region="yancheng", lang=lang)
        out[f"flow_{lang}"] = lambda lang=lang: charts.flow_chart(views.series(d, "hightech_firms_new"), threshold=30,
                                                                  indicator="hightech_firms_new", lang=lang)
        out[f"review_gdp_{lang}"] = lambda lang=lang: views.review_chart(d, "gdp", lang=lang)
        for ind in views.drawable(d, ["gdp", "income_urban", "sales_leading_industries", "share_nonfossil_energy",
                                      "hightech_firms", "rd_share_gdp"]):
            out[f"fan_{ind}_{lang}"] = lambda ind=ind, lang=lang: views.fan(d, ind, lang=lang)
    return out


def test_every_figure_reads_at_page_width_with_body_text_size_labels(d):
    too_wide = {}
    dpi = 50  # the box in inches is what counts: drawn small, the check is quick
    for name, build in _chart_builders(d).items():
        fig = build()
        png = charts.png_bytes(fig, dpi=dpi, close=False)
        width = views.display_width(fig, views._png_width(png), dpi=dpi)
        smallest_px = views.smallest_text_pt(fig) / 72 * (width / (views._png_width(png) / dpi))
        assert smallest_px >= style.BODY_TEXT_PX - 0.05, (name, smallest_px)
        if width > style.PAGE_WIDTH_PX:
            too_wide[name] = width
        charts.close(fig)
    assert not too_wide, f"figures wider than the page when their labels are body-text size: {too_wide}"


def test_the_old_dashboard_would_not_fit(d):
    """The check can fail: the 11.5-inch dashboard at 8.5 pt needs ~1,480 px for body-size labels."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(12.5, 4))
    fig.text(0.1, 0.5, "bar label", fontsize=8.5)
    assert views.display_width(fig, int(12.5 * style.DPI)) > style.PAGE_WIDTH_PX
    plt.close(fig)


def test_show_displays_at_body_text_size_and_returns_nothing(d, tmp_path, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    monkeypatch.setenv("KPI_PROJECT_ROOT", str(tmp_path))
    fig = charts.scorecard_chart(d["card"][d["card"].scenario == "baseline"], lang="zh")
    from kpi.core import paths

    monkeypatch.setattr(paths, "ROOT", tmp_path)
    assert views.show(fig, "dashboard_zh", figures_dir=tmp_path / "figures") is None
    png = (tmp_path / "figures" / "dashboard_zh.png").read_bytes()
    (image,) = shown
    assert image.data == png and image.width == views.display_width(fig, views._png_width(png))
    assert image.width <= style.PAGE_WIDTH_PX and image.width != 760
    fan = views.fan(d, "gdp")
    views.show(fan, save=False)
    assert shown[-1].width == views.display_width(fan, views._png_width(shown[-1].data))
