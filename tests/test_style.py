"""Charts render Chinese on this machine: a missing glyph is a test failure, not a tofu box."""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from kpi.present import style  # noqa: E402

SAMPLES = ["地区生产总值（亿元）", "规上工业增加值", "非化石能源占一次能源消费比重 35%", "示例数据 / Illustrative data",
           "高新技术企业 220家", "盐城经济技术开发区", "PM2.5年均浓度 μg/m³", "−3.5%"]


@pytest.mark.parametrize("text", SAMPLES)
def test_text_renders_without_missing_glyphs(text):
    style.use_house_style()
    fig, ax = plt.subplots()
    ax.set_title(text)
    ax.set_xlabel(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a UserWarning: make it fail
        fig.canvas.draw()
    plt.close(fig)


def test_missing_glyph_is_detected_by_this_check():
    """The check above can fail: a font without CJK glyphs triggers the warning."""
    fig, ax = plt.subplots()
    ax.set_title("地区生产总值", fontfamily="DejaVu Sans")
    with pytest.raises(UserWarning, match="missing from font"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig.canvas.draw()
    plt.close(fig)


def test_font_resolves_to_the_shipped_cjk_font():
    from matplotlib import font_manager

    style.use_house_style()
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert found.endswith(style.CJK_FONT_FILE)


def test_svg_is_byte_identical_across_saves(tmp_path):
    style.use_house_style()
    outs = []
    for i in range(2):
        fig, ax = plt.subplots()
        ax.plot([2019, 2020, 2021], [1, 2, 3])
        ax.set_title("地区生产总值")
        p = tmp_path / f"f{i}.svg"
        fig.savefig(p, metadata=style.SAVE_METADATA["svg"])
        plt.close(fig)
        outs.append(p.read_bytes())
    assert outs[0] == outs[1]


def _pdf(path):
    from matplotlib.backends.backend_pdf import PdfPages

    style.use_house_style()
    with PdfPages(path, metadata=style.SAVE_METADATA["pdf"]) as pdf:
        fig, ax = plt.subplots()
        ax.set_title("地区生产总值 800亿元 ≥ 2025")
        pdf.savefig(fig)
        plt.close(fig)
    return path.read_bytes()


def test_pdf_embeds_cjk_as_type3_glyphs_and_is_reproducible(tmp_path):
    """The CJK font has CFF outlines: Type 42 embedding would print garbage, Type 3 draws the glyphs."""
    a, b = _pdf(tmp_path / "a.pdf"), _pdf(tmp_path / "b.pdf")
    assert b"/Subtype /Type3" in a
    assert b"/FontFile2" not in a and b"CIDFontType2" not in a
    assert b"/CreationDate" not in a
    assert a == b
