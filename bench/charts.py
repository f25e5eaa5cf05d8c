"""Why kpi keeps its own one-pass chart saving: time it against matplotlib's ``savefig(bbox_inches="tight")``.

``kpi.present.charts.save`` paints a chart once, measures its tight bounding box while painting and crops the
pixels (PIL); the SVG reuses that box. matplotlib's own way, ``savefig(bbox_inches="tight")``, lays each chart out
twice (once to find the box, once to paint), and again for each format. This script saves the charts the build
saves (every fan chart, the dashboards, the scenario chart; PNG 200 dpi + SVG) both ways, alternating rounds so
that a drift of the machine's speed hits both, and reports the median seconds and the ratio.

Run after ``make all`` (it reads ``data/processed``)::

    .venv/bin/python -m bench.charts            # writes bench/results/charts.md
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from kpi.present import charts, style, views  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "charts.md"
ROUNDS = 5


def figures(d) -> list:
    card = d["card"]
    base = card[card.scenario == "baseline"]
    figs = [views.fan(d, ind, lang=lang) for ind in views.drawable(d, sorted(set(d["projections"]["indicator"])))
            for lang in ("zh",)]
    figs += [charts.scorecard_chart(base, lang="zh"), charts.scorecard_chart(base, lang="en"),
             charts.scenario_chart(card, lang="zh")]
    return figs


def matplotlib_tight(fig, folder: Path, name: str) -> None:
    for fmt in ("png", "svg"):
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=style.DPI, bbox_inches="tight", metadata=style.SAVE_METADATA.get(fmt))
        (folder / f"{name}.{fmt}").write_bytes(buf.getvalue())
    plt.close(fig)


def kpi_one_pass(fig, folder: Path, name: str) -> None:
    charts.save(fig, folder, name)


def main() -> None:
    d = views.load()
    n = len(figures(d))
    times: dict[str, list[float]] = {"matplotlib savefig(bbox_inches='tight')": [], "kpi charts.save (one pass)": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(ROUNDS):
            for label, saver in zip(times, (matplotlib_tight, kpi_one_pass)):
                figs = figures(d)
                t0 = time.perf_counter()
                for k, fig in enumerate(figs):
                    saver(fig, Path(tmp), f"c{k}")
                times[label].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    ref = med["kpi charts.save (one pass)"]
    lines = ["# Saving the build's charts: one pass against savefig(bbox_inches='tight')", "",
             f"{n} charts (fan charts, two dashboards, the scenario chart), PNG at {style.DPI} dpi + SVG each; "
             f"{ROUNDS} rounds, alternating; drawing the figures is not timed.", "",
             "| method | seconds (median) | rounds | × kpi |", "|---|---|---|---|"]
    for k, v in times.items():
        lines.append(f"| {k} | {med[k]:.2f} | {', '.join(f'{x:.2f}' for x in v)} | {med[k] / ref:.2f} |")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
