"""Chart rendering: the one-pass PNG matches what savefig(bbox_inches="tight") draws; the printed summary."""

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402
from PIL import Image  # noqa: E402

from kpi.present import briefing, charts  # noqa: E402


def _card(n: int = 12, *, seed: int = 0) -> pd.DataFrame:
    """A generated scorecard: every verdict, long English names, two scenarios."""
    rng = np.random.default_rng(seed)
    verdicts = ["reached", "missed", "on_track", "at_risk", "off_track", "insufficient", "no_data", "qualitative"]
    rows = []
    for k in range(n):
        v = verdicts[k % len(verdicts)]
        for sc in ("baseline", "high"):
            rows.append({"id": f"t{k}", "scenario": sc, "verdict": v, "area": ["aggregates", "industry"][k % 2],
                         "probability": float(rng.uniform()) if v in ("on_track", "at_risk", "off_track") else np.nan,
                         "name_zh": f"目标{k}规上工业增加值", "name_en": f"Industrial value added above designated size {k}",
                         "direction": ">=", "target_value": 100.0 * (k + 1), "unit": "亿元", "target_year": 2025,
                         "data_basis": "illustrative", "clause": f"二(一){k}"})
    return pd.DataFrame(rows).set_index("id")


def _fan(lang: str):
    s = pd.Series([500.0, 520, 575, 610, 641], index=range(2020, 2025), name="gdp")
    proj = pd.DataFrame({"median": [660.0], "lower_80": [630.0], "upper_80": [690.0], "lower_95": [610.0],
                         "upper_95": [710.0]}, index=[2025])
    return charts.fan_chart(s, proj, target=800, target_year=2025, lang=lang, illustrative=True, probability=0.1)


def _far_text(lang: str):
    fig = _fan(lang)
    fig.text(-0.9, 0.5, "far outside the figure, beyond the painted margin")  # forces the second painting
    return fig


CHARTS = {
    "fan_zh": lambda: _fan("zh"),
    "fan_en": lambda: _fan("en"),
    "scorecard_en": lambda: charts.scorecard_chart(_card()[lambda c: c.scenario == "baseline"], lang="en"),
    "scenarios_zh": lambda: charts.scenario_chart(_card(), lang="zh"),
    "far_text": lambda: _far_text("en"),
}


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize("dpi", [100, 200])
def test_one_pass_png_matches_savefig_tight(name, dpi):
    ours, bbox = charts._render_png(CHARTS[name](), dpi=dpi)  # noqa: SLF001
    plt.close("all")
    fig = CHARTS[name]()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    a, b = _pixels(ours), _pixels(buf.getvalue())
    assert abs(a.shape[0] - b.shape[0]) <= 3 and abs(a.shape[1] - b.shape[1]) <= 3, (a.shape, b.shape)
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    # the same drawing: where savefig paints ink, so do we (sub-pixel offsets blur edges only)
    ink_a, ink_b = (a[:h, :w] < 200).any(axis=2), (b[:h, :w] < 200).any(axis=2)
    assert abs(ink_a.mean() - ink_b.mean()) < 0.01
    assert bbox.width * dpi == pytest.approx(a.shape[1], abs=3)


def test_one_pass_png_keeps_the_house_metadata_and_is_reproducible():
    first, _ = charts._render_png(_fan("zh"), dpi=200)  # noqa: SLF001
    second, _ = charts._render_png(_fan("zh"), dpi=200)  # noqa: SLF001
    plt.close("all")
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.info["Software"] == "kpi"
    assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
    assert image.mode == "RGB"  # opaque charts need no alpha channel


def test_save_writes_png_and_svg_with_the_shared_box(tmp_path):
    out = charts.save(_fan("en"), tmp_path, "fan")
    assert [p.name for p in out] == ["fan.png", "fan.svg"]
    png = Image.open(out[0])
    svg = out[1].read_text(encoding="utf-8")
    width_pt = float(svg.split('width="', 1)[1].split("pt", 1)[0])
    assert width_pt / 72 * 200 == pytest.approx(png.width, abs=3)  # both formats cut to the same box


def test_split_for_print_lists_every_target_once():
    card = _card(30)
    card = card[card.scenario == "baseline"]
    table, rest = briefing.split_for_print(card)
    listed = list(table.index) + [i for sub in rest.values() for i in sub.index]
    assert sorted(listed) == sorted(card.index)
    assert set(table["verdict"]).isdisjoint(briefing.UNSCORED)
    assert set(rest) <= set(briefing.UNSCORED)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="新增高新技术企业 abcdefghij-(一)", max_size=80), st.integers(min_value=4, max_value=40))
def test_wrap_keeps_every_character_and_the_width(text, width):
    lines = charts.wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(charts.text_width(line) <= width for line in lines)


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("verdict", ["reached", "missed"])
def test_an_observed_outcome_is_shown_as_a_result_never_as_odds(verdict, lang):
    """Once the target year has data the target has a result: the fan chart says it instead of "probability 0 %",
    and the dashboard draws no probability bar for it (a projected target keeps its bar and percentage)."""
    s = pd.Series([500.0, 560, 610, 650, 680], index=range(2021, 2026))
    fig = charts.fan_chart(s, None, target=800, target_year=2025, outcome=verdict, probability=0.0, lang=lang)
    note = " ".join(_texts(fig))
    assert charts.VERDICTS[verdict][0 if lang == "zh" else 1] in note and "%" not in note
    plt.close(fig)
    card = pd.DataFrame({
        "area": ["二(一)", "二(一)"], "name_zh": ["地区生产总值", "研发投入"], "name_en": ["GDP", "R&D"],
        "direction": [">=", ">="], "target_value": [800.0, 3.0], "unit": ["亿元", "%"], "target_year": [2025, 2027],
        "verdict": [verdict, "at_risk"], "probability": [1.0 if verdict == "reached" else 0.0, 0.55],
        "data_basis": ["illustrative", "illustrative"]})
    fig = charts.scorecard_chart(card, lang=lang)
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert bars == [0.0, pytest.approx(0.55)] or bars == [pytest.approx(0.55), 0.0]
    texts = _texts(fig)
    assert any(t.startswith("55%") for t in texts)
    assert not any(t.startswith(("0%", "100%")) for t in texts), texts
    plt.close(fig)
