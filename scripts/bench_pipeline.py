"""Time the main command against its floor, in one run.

The floor is what any notebook-based build must pay: start a kernel and import the stack (kpi, pandas,
matplotlib, seaborn, statsmodels) once per notebook, with the same parallelism the build uses. The build is
`kpi build` on the shipped data. Results go to bench/pipeline_results.md (and are printed).

Usage: .venv/bin/python scripts/bench_pipeline.py [--repeat N] [--jobs 2]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JOBS = 2  # set from --jobs
IMPORTS = "import kpi, kpi.views, kpi.charts, pandas, matplotlib.pyplot, seaborn, statsmodels.api"


def _kernel_and_import() -> float:
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT),
                              extra_arguments=["--IPKernelApp.log_level=CRITICAL"])  # as the build starts them
    try:
        kc.execute_interactive(IMPORTS, timeout=120)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return time.perf_counter() - t0


def floor(n: int, jobs: int) -> float:
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda _: _kernel_and_import(), range(n)))
    return time.perf_counter() - t0


def build(*, cold: bool = False) -> float:
    """Seconds of one `kpi build`; ``cold`` first removes the parsed-input cache, as on a fresh clone."""
    if cold:
        shutil.rmtree(ROOT / ".kpi-cache", ignore_errors=True)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kpi", "build", "--jobs", str(JOBS)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode:
        raise SystemExit(f"kpi build failed (exit {done.returncode}):\n{done.stdout[-4000:]}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=None, help="default: what `kpi build` uses (kpi.notebooks.default_jobs)")
    ns = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kpi.notebooks import default_jobs, notebook_sources, scenario_jobs

    global JOBS
    JOBS = ns.jobs = ns.jobs or default_jobs()

    n = len(notebook_sources()) + len(scenario_jobs(ROOT / "reports" / "scenarios"))  # notebook runs in a build
    floors, colds, builds = [], [], []
    for _ in range(ns.repeat):
        floors.append(floor(n, ns.jobs))
        colds.append(build(cold=True))
        builds.append(build())
    f, c, b = statistics.median(floors), statistics.median(colds), statistics.median(builds)
    # the difference is taken within each run (floor and builds measured back to back), then its median
    dc = statistics.median(y - x for x, y in zip(floors, colds))
    db = statistics.median(z - x for x, z in zip(floors, builds))
    text = (f"# Main command vs its floor\n\n{n} notebook runs (incl. scenario runs), {ns.jobs} at a time, median of "
            f"{ns.repeat} runs, same machine, same run.\n\n| measure | seconds (median) | − floor (median of each run's "
            f"difference) |\n|---|---|---|\n"
            f"| floor: start a kernel + import the stack, per notebook | {f:.1f} | |\n"
            f"| `kpi build`, first run (no parsed-input cache, as on a fresh clone) | {c:.1f} | {dc:+.1f} |\n"
            f"| `kpi build`, again (inputs unchanged: parsed inputs from `.kpi-cache/`) | {b:.1f} | {db:+.1f} |\n"
            f"\nEach run (floor; first build, difference; build again, difference), in order: "
            + "; ".join(f"{x:.1f}; {y:.1f}, {y - x:+.1f}; {z:.1f}, {z - x:+.1f}" for x, y, z in zip(floors, colds, builds))
            + "\n\nThe machine's speed varies between runs (a virtual machine): compare floor and build of the same run.\n")
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "pipeline_results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
