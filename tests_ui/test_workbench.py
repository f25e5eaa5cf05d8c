"""The economist's workbench in a real browser (``make test-ui``): JupyterLab opens ``notebooks/*.py`` as notebooks
on double-click, runs them and saves them unchanged; the explorer answers with the scorecard's probability and
moves with its sliders; the briefing HTML reads without a request leaving the machine.

Screenshots: ``reports/ui-test/*.png``; timings: ``reports/ui-test/measurements.json``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
MEASURED: dict[str, object] = {}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
#: JavaScript: the notebook panel on show (JupyterLab hides the others).
CURRENT = ("const cur = () => [...document.querySelectorAll('.jp-NotebookPanel')]"
           ".find(p => !p.classList.contains('lm-mod-hidden') && p.getBoundingClientRect().width > 0);")
NB = ".jp-NotebookPanel:visible"


def _local(url: str) -> bool:
    u = urlparse(url)
    return u.scheme in ("file", "data", "blob", "about") or (u.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="module")
def page(lab, browser):
    page = browser.new_page()
    page.set_default_timeout(120_000)
    t0 = time.perf_counter()
    page.goto(f"{lab['url']}/lab?token={lab['token']}")
    page.locator(".jp-DirListing-item", has_text="notebooks").first.wait_for()
    MEASURED["lab_started_s"] = round(lab["started_s"], 1)
    MEASURED["lab_page_ready_s"] = round(time.perf_counter() - t0, 1)
    page.locator(".jp-DirListing-item", has_text="notebooks").first.dblclick()
    yield page
    page.close()


def _open(page, name: str) -> float:
    """Double-click ``notebooks/<name>`` in the file browser; seconds until its notebook view shows its cells."""
    t0 = time.perf_counter()
    page.locator(".jp-DirListing-item", has_text=name).first.dblclick()
    page.wait_for_function(f"() => {{ {CURRENT} const p = cur(); return p && p.querySelector('.jp-Cell') && "
                           f"p.querySelector('.jp-InputPrompt') && p.querySelector('.jp-RenderedMarkdown h1'); }}")
    return time.perf_counter() - t0


def _run_all(page) -> float:
    """Run → Run All Cells once the kernel is idle; seconds until every code cell has run."""
    t0 = time.perf_counter()
    page.get_by_text(re.compile(r"\| Idle$")).first.wait_for()
    page.locator(f"{NB} .jp-Cell").first.click()
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
    page.wait_for_function("() => {" + CURRENT + """
        const prompts = [...cur().querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
        return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    }""", timeout=600_000)
    page.wait_for_timeout(500)
    return time.perf_counter() - t0


def _outputs_text(page) -> str:
    return page.evaluate("() => {" + CURRENT + "return [...cur().querySelectorAll('.jp-OutputArea-output')]"
                         ".map(e => e.innerText).join('\\n'); }")


def _save_and_compare(page, lab, name: str) -> None:
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')")
    page.wait_for_timeout(1000)
    saved = (lab["root"] / "notebooks" / name).read_bytes()
    assert saved == (ROOT / "notebooks" / name).read_bytes(), f"{name} changed on disk after open, run and save"


def test_double_click_opens_a_notebook_that_runs_and_saves_unchanged(page, lab, shots):
    MEASURED["open_03_gdp_s"] = round(_open(page, "03_gdp.py"), 1)
    assert page.locator(".jp-FileEditor:visible").count() == 0, "opened as a text editor"
    assert page.locator(".jp-Dialog").count() == 0, "a dialog (kernel choice?) interrupted the opening"
    page.screenshot(path=str(shots / "01_03_gdp_opened.png"))
    MEASURED["run_all_03_gdp_s"] = round(_run_all(page), 1)
    text = _outputs_text(page)
    assert "Traceback" not in text and "Error" not in text, text[-2000:]
    assert "NaN" not in text and "rows ×" not in text and "PosixPath" not in text
    assert "地区生产总值" in text and "实现概率" in text
    images = page.evaluate("() => {" + CURRENT + """return [...cur().querySelectorAll('.jp-OutputArea-output img')]
        .map(i => ({attr: Number(i.getAttribute('width')), shown: i.getBoundingClientRect().width,
                    natural: i.naturalWidth})); }""")
    assert len(images) >= 6
    for im in images:  # shown at the width computed for body-size labels, not shrunk by the page
        assert im["attr"] <= 900 and abs(im["shown"] - im["attr"]) < 1.5, im
    MEASURED["03_gdp_image_widths_px"] = sorted({int(im["shown"]) for im in images})
    body = page.evaluate("() => {" + CURRENT + "return getComputedStyle(cur().querySelector('.jp-RenderedMarkdown p'))"
                         ".fontSize; }")
    MEASURED["body_text"] = body
    page.locator(f"{NB} .jp-OutputArea-output img").nth(1).scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "02_03_gdp_fan_chart.png"))
    _save_and_compare(page, lab, "03_gdp.py")


def _probability(page) -> str:
    return page.locator(f"{NB} .kpi-explorer-numbers tr").filter(
        has=page.locator("th", has_text=re.compile(r"^实现概率$"))).locator("td").inner_text()


@pytest.mark.xfail(strict=True, reason="with the shipped data every 2025 target is observed, so the live explorer has "
                   "nothing to project and shows no slider; the notebooks' as_of parameter that would replay the 2024 "
                   "view is declared but not used (open finding). The explorer's rule is tested headless as of 2024 "
                   "in tests/test_explore.py")
def test_explorer_answers_like_the_scorecard_and_moves(page, lab, shots):
    from kpi.present import explore, views

    card = pd.read_csv(lab["root"] / "data/processed/scorecard.csv").set_index("id")
    MEASURED["open_07_scenarios_s"] = round(_open(page, "07_scenarios.py"), 1)
    MEASURED["run_all_07_scenarios_s"] = round(_run_all(page), 1)
    explorer = page.locator(f"{NB} .kpi-explorer")
    explorer.wait_for()
    explorer.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "03_explorer_gdp.png"))
    base = card[card.scenario == "baseline"]
    # choose the ≈ target the old explorer got wrong (8 % against the scorecard's 34 %)
    tid = "rd_share_gdp_2025"
    label = explore._option_label(base.loc[tid], "zh")
    explorer.locator("select").select_option(label=label)
    expected = views.percent(base.loc[tid, "probability"])
    page.wait_for_function("(want) => {" + CURRENT + """return [...cur().querySelectorAll('.kpi-explorer-numbers tr')]
        .some(r => r.querySelector('th').textContent === '实现概率' && r.querySelector('td').textContent === want); }""",
                           arg=expected)
    assert _probability(page) == expected
    page.screenshot(path=str(shots / "04_explorer_rd_share.png"))
    # move the growth slider with the keyboard, one step a press, and time each answer (key press → new chart)
    handle = explorer.locator(".widget-slider .noUi-handle").first
    moves, seen = [], [_probability(page)]
    for _ in range(4):
        src_before = explorer.locator("img").first.get_attribute("src")
        handle.focus()
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(old) => {" + CURRENT + "const i = cur().querySelector('.kpi-explorer img');"
                               " return i && i.src !== old; }", arg=src_before)
        moves.append(round(1000 * (time.perf_counter() - t0)))
        page.wait_for_timeout(300)
        seen.append(_probability(page))
    MEASURED["explorer_key_press_to_new_chart_ms"] = moves
    MEASURED["explorer_rd_share_probabilities"] = seen
    assert all(re.fullmatch(r"\d{1,3}%|<1%|>99%", p) for p in seen)
    numbers = [int(p.strip("<>%")) for p in seen]
    assert numbers == sorted(numbers) and numbers[-1] > numbers[0], seen  # more growth: more likely, and it moves
    page.screenshot(path=str(shots / "05_explorer_moved.png"))
    text = _outputs_text(page)
    assert "Traceback" not in text and "NaN" not in text
    _save_and_compare(page, lab, "07_scenarios.py")


def test_briefing_html_reads_offline(browser, lab, shots):
    page = browser.new_page()
    start = len(browser.requests)
    html = lab["root"] / "reports/briefing.html"
    page.goto(html.as_uri())
    page.wait_for_load_state("networkidle")
    requests = browser.requests[start:]
    MEASURED["briefing_requests"] = len(requests)
    assert requests and all(_local(u) for u in requests), [u for u in requests if not _local(u)]
    assert page.title() == "盐城经开区 2025 年目标：能否实现？"
    assert page.evaluate("document.documentElement.lang") == "zh"
    text = page.inner_text("body")
    assert "This notebook" not in text and "reports/" not in text and "NaN" not in text
    card = pd.read_csv(lab["root"] / "data/processed/scorecard.csv")
    every_target = page.locator("table.kpi-table").last  # the briefing ends with every target, whole
    assert every_target.locator("tbody tr").count() == (card.scenario == "baseline").sum()
    widths = page.evaluate("() => [...document.querySelectorAll('img')].map(i => i.getBoundingClientRect().width)")
    assert widths and max(widths) <= 900
    page.screenshot(path=str(shots / "06_briefing_top.png"))
    page.screenshot(path=str(shots / "07_briefing_full.png"), full_page=True)
    other = browser.new_page()
    other.goto((lab["root"] / "reports/notebooks/07_scenarios.html").as_uri())
    other.wait_for_load_state("networkidle")
    assert "交互探索需要运行中的内核" in other.inner_text("body")
    other.locator("text=交互探索需要运行中的内核").scroll_into_view_if_needed()
    other.screenshot(path=str(shots / "08_scenarios_html_explorer_grid.png"))
    other.close()
    page.close()


def test_nothing_left_the_machine(browser, lab, shots):
    """Over the whole session — JupyterLab, the kernel's widgets, the HTML pages — every request was local."""
    outside = [u for u in browser.requests if not _local(u)]
    MEASURED["requests_total"] = len(browser.requests)
    MEASURED["requests_outside"] = outside
    (shots / "measurements.json").write_text(json.dumps(MEASURED, ensure_ascii=False, indent=1), encoding="utf-8")
    assert not outside, outside[:10]
