"""Time the main command against its floor, in one run.

The floor is what any notebook-based build must pay: start a kernel and import the stack (kpi, pandas,
matplotlib, seaborn, statsmodels) once per notebook, with the same parallelism the build uses. The builds are
`kpi build` on the shipped data: first as on a fresh clone (no `.kpi-cache/`: no parsed inputs, no record of an
earlier build, so every step runs), then again with nothing changed (every step up to date). Results go to
bench/pipeline_results.md (and are printed).

Usage: .venv/bin/python -m scripts.bench_pipeline [--repeat N] [--jobs 2]
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
IMPORTS = "import kpi, kpi.present.views, kpi.present.charts, pandas, matplotlib.pyplot, seaborn, statsmodels.api"


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
    """Seconds of one `kpi build`; ``cold`` first removes `.kpi-cache/` (parsed inputs and the build record), as on a
    fresh clone, so that every step runs."""
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
    ap.add_argument("--jobs", type=int, default=None, help="default: what `kpi build` uses (kpi.build.notebooks.default_jobs)")
    ns = ap.parse_args()
    from kpi.build.notebooks import default_jobs
    from kpi.build.pipeline import declared_steps

    global JOBS
    JOBS = ns.jobs = ns.jobs or default_jobs()

    n = sum(s.batch == "notebooks" and ":" in s.name for s in declared_steps())  # notebook runs in a build
    # floor, builds, floor, builds, …, floor: each pair of builds is compared with the mean of the floors measured
    # just before and just after it, so that a drift of the machine's speed during the run cancels out
    floors, colds, builds = [floor(n, ns.jobs)], [], []
    for _ in range(ns.repeat):
        colds.append(build(cold=True))
        builds.append(build())
        floors.append(floor(n, ns.jobs))
    around = [(floors[k] + floors[k + 1]) / 2 for k in range(ns.repeat)]
    f, c, b = statistics.median(around), statistics.median(colds), statistics.median(builds)
    dc = statistics.median(y - x for x, y in zip(around, colds))
    text = (f"# Main command vs its floor\n\n{n} notebook runs (incl. scenario runs), {ns.jobs} at a time (what `kpi build` "
            f"uses here), {ns.repeat} rounds on the same machine in one run.\n\n"
            f"| measure | seconds (median) | − floor (median of each round's difference) |\n|---|---|---|\n"
            f"| floor: start a kernel + import the stack, per notebook | {f:.1f} | |\n"
            f"| `kpi build`, first run (no `.kpi-cache/`, as on a fresh clone: every step runs) | {c:.1f} | **{dc:+.1f}** |\n"
            f"| `kpi build` again, nothing changed (every step up to date) | {b:.1f} | |\n"
            f"\nEach round (floor = mean of the floors measured before and after it; first build, difference; build "
            f"again, difference): "
            + "; ".join(f"{x:.1f}; {y:.1f}, {y - x:+.1f}; {z:.1f}, {z - x:+.1f}" for x, y, z in zip(around, colds, builds))
            + f"\n\nFloors in order: {', '.join(f'{x:.1f}' for x in floors)}. The machine's speed varies between runs "
            "(a virtual machine): compare floor and build of the same round.\n")
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "pipeline_results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
