"""One house style for every chart, with a font that renders 中文 on a fresh machine.

The CJK font is Noto Sans CJK SC (SIL Open Font License), shipped inside the
``mplfonts`` wheel from PyPI, so ``pip install`` is all a fresh machine needs:
no system font packages, no root. :func:`use_house_style` registers it with
matplotlib and sets the rcParams every figure shares. SVG output draws glyphs as
paths (no font needed to view it) with a fixed hash salt and no date, so the
same chart gives the same bytes.

Examples
--------
>>> use_house_style()
'Noto Sans CJK SC'
>>> import matplotlib
>>> matplotlib.rcParams["svg.hashsalt"]
'kpi'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import matplotlib

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"

#: Colours (colour-blind safe, print safe): history, projection, bands, target, plan path, stamp.
COLORS = {
    "history": "#1f3b73",
    "projection": "#d1495b",
    "band80": "#f2a3ac",
    "band95": "#fbe1e4",
    "target": "#2a9d8f",
    "plan": "#6c757d",
    "zone": "#d1495b",
    "city": "#1f3b73",
    "province": "#edae49",
    "stamp": "#b00020",
}
VERDICT_COLORS = {"reached": "#1a7f37", "on_track": "#2a9d8f", "at_risk": "#edae49", "off_track": "#d1495b",
                  "missed": "#7b2d3b", "holding": "#6a994e", "lagging": "#bc6c25", "insufficient": "#9aa0a6",
                  "no_data": "#6e7781", "watch": "#8d6e63", "qualitative": "#c7ccd1"}
DPI = 200
#: How figures are shown in JupyterLab and the HTML copies (CSS pixels): the body text size (JupyterLab's
#: --jp-content-font-size1), which a figure's smallest label must match, and the width a figure may take —
#: the notebook's output area is 934 px wide on a 1366 px screen with the file browser open.
BODY_TEXT_PX = 14
PAGE_WIDTH_PX = 900
SAVE_METADATA = {"svg": {"Date": None, "Creator": "kpi"}, "png": {"Software": "kpi"},
                 "pdf": {"CreationDate": None, "ModDate": None, "Creator": "kpi", "Producer": "kpi"}}


def cjk_font_path() -> Path:
    """Path of the shipped Noto Sans CJK SC font file.

    Raises
    ------
    RuntimeError
        If the ``mplfonts`` package (a declared dependency) is missing.
    """
    try:
        font = resources.files("mplfonts") / "fonts" / CJK_FONT_FILE
    except ModuleNotFoundError as exc:  # pragma: no cover - declared dependency
        raise RuntimeError("the CJK font package 'mplfonts' is not installed; run the README setup "
                           "(pip install -e .)") from exc
    path = Path(str(font))
    if not path.is_file():  # pragma: no cover
        raise RuntimeError(f"CJK font file missing: {path}; reinstall mplfonts")
    return path


def use_house_style() -> str:
    """Register the CJK font and apply the house rcParams; return the font family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    if CJK_FONT_NAME not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [CJK_FONT_NAME, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": "#e3e6ea",
        "grid.linewidth": 0.8,
        "axes.titlesize": 13,
        "axes.titleweight": "normal",
        # a fixed title height: matplotlib would otherwise measure the tick labels on every draw to lift the
        # title over an axis on top, which no chart here has (same pixels, ~5 % less drawing time)
        "axes.titley": 1.0,
        "axes.labelsize": 10.5,
        "xtick.labelsize": 9.5,
        "ytick.labelsize": 9.5,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "svg.fonttype": "path",
        "svg.hashsalt": "kpi",
        # Type 3: matplotlib draws each glyph from the font's outlines, which works for the OpenType/CFF
        # Noto CJK font; Type 42 needs TrueType outlines and prints CFF glyphs as garbage
        "pdf.fonttype": 3,
        "path.simplify": True,
    })
    return CJK_FONT_NAME
