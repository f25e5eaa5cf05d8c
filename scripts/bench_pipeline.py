"""Time the main command against its floor, in one run.

The floor is what any notebook-based build must pay: start a kernel and import the stack (kpi, pandas,
matplotlib, seaborn, statsmodels) once per notebook, with the same parallelism the build uses. The build is
`kpi build` on the shipped data. Results go to bench/pipeline_results.md (and are printed).

Usage: .venv/bin/python scripts/bench_pipeline.py [--repeat N] [--jobs 2]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JOBS = 2
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


def build() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kpi", "build", "--jobs", str(JOBS)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=2)
    ns = ap.parse_args()
    global JOBS
    JOBS = ns.jobs
    sys.path.insert(0, str(ROOT))
    from kpi.notebooks import notebook_sources, scenario_jobs

    n = len(notebook_sources()) + len(scenario_jobs(ROOT / "reports" / "scenarios"))  # notebook runs in a build
    floors, builds = [], []
    for _ in range(ns.repeat):
        floors.append(floor(n, ns.jobs))
        builds.append(build())
    f, b = statistics.median(floors), statistics.median(builds)
    text = (f"# Main command vs its floor\n\n{n} notebook runs (incl. scenario runs), {ns.jobs} at a time, median of {ns.repeat} runs, same machine, "
            f"same run.\n\n| measure | seconds |\n|---|---|\n| floor: start a kernel + import the stack, per notebook "
            f"| {f:.1f} |\n| `kpi build` (everything) | {b:.1f} |\n| build − floor | {b - f:.1f} |\n"
            f"\nEach run (floor, build, difference), in order: "
            + "; ".join(f"{x:.1f}, {y:.1f}, {y - x:+.1f}" for x, y in zip(floors, builds)) + "\n"
            "\nThe machine's speed varies between runs (a virtual machine): compare floor and build of the same run.\n")
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "pipeline_results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
