"""A real JupyterLab and a real browser for the workbench test (``make test-ui``).

JupyterLab runs in a temporary copy of the built project (``KPI_PROJECT_ROOT``) on 127.0.0.1 with a throw-away
token, its settings and workspaces in temporary folders (the user's own are never read or written); Debian's
Chromium is driven by Playwright with a fresh profile and without background networking. Both are stopped by
their process ids when the session ends. Screenshots go to ``reports/ui-test/``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "reports" / "ui-test"
CHROMIUM = Path(os.environ.get("KPI_CHROMIUM", "/usr/bin/chromium"))
#: Chromium without its own traffic: the test checks that the pages make no request leaving the machine.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1366, "height": 900}  # a common laptop screen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def shots() -> Path:
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    return SHOTS


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """A copy of the built project: sources, inputs, processed tables and the briefing."""
    missing = [p for p in ("data/processed/scorecard.csv", "reports/briefing.html") if not (ROOT / p).exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run `make all` first (make test-ui does)")
    dest = tmp_path_factory.mktemp("project")
    for d in ("data/raw", "data/processed", "notebooks", "scenarios", "jupyter"):
        shutil.copytree(ROOT / d, dest / d, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for f in ("pyproject.toml", "jupytext.toml"):
        shutil.copy(ROOT / f, dest / f)
    (dest / "reports").mkdir()
    shutil.copy(ROOT / "reports/briefing.html", dest / "reports/briefing.html")
    shutil.copytree(ROOT / "reports/notebooks", dest / "reports/notebooks")
    (dest / "figures").mkdir()
    return dest


@pytest.fixture(scope="session")
def lab(project, tmp_path_factory):
    """JupyterLab serving ``project``: yields ``{"url", "token", "root", "pid"}``; stopped by its process id."""
    port, token = _free_port(), secrets.token_hex(24)
    home = tmp_path_factory.mktemp("jupyter")
    env = dict(os.environ, KPI_PROJECT_ROOT=str(project), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), PYTHONHASHSEED="0")
    env.pop("MPLBACKEND", None)
    # the test reads every output: the notebook renders all its cells, not only those in view (a test-only setting)
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    cmd = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={project}", "--LabApp.news_url=",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run as root
        cmd.append("--allow-root")
    log = open(home / "lab.log", "w")
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                    json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 90:
                    raise RuntimeError(f"JupyterLab did not start: {(home / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.3)
        yield {"url": url, "token": token, "root": project, "pid": proc.pid, "started_s": time.perf_counter() - t0,
               "log": home / "lab.log"}
    finally:
        proc.send_signal(signal.SIGTERM)  # the server shuts its kernels down
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # its own process group: the server and what it started
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A Chromium context (fresh profile) whose every request is logged in ``context.requests``."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_FLAGS, viewport=VIEWPORT, device_scale_factor=1, locale="zh-CN")
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        context.requests = requests  # type: ignore[attr-defined]
        try:
            yield context
        finally:
            context.close()
