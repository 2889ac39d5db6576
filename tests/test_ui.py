"""The notebooks in a real browser: JupyterLab serves a copy of the layout with the demo workspace, Chromium runs a
notebook. In 03-interview-log the tracker form saves a contact (found in the workspace's SQLite file) and shows a bad
e-mail inline, its field marked, writing nothing; in 04-briefing the briefing for the next interview is rendered in
the page, every section there. Each test leaves a screenshot of its end state under its tmp_path (and copies it to
$IIWORK_SCREENSHOTS when that is set). Skipped without playwright, chromium or jupyterlab.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_notebooks import ROOT, layout

from iiwork import Workbook

TOKEN = "iiwork-ui-test"
SCREENSHOTS_ENV = "IIWORK_SCREENSHOTS"  # a folder to copy the screenshots to
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
QUIET = {"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True}  # no news toast over the page


@pytest.fixture
def chromium() -> str:
    """Debian's chromium, else one on PATH; playwright drives it (no browser download)."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed: browser test skipped")
    found = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if found is None:
        pytest.skip("no chromium (/usr/bin/chromium or on PATH): browser test skipped")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(proc: subprocess.Popen, url: str, *, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"JupyterLab did not answer {url} within {timeout:.0f} s")


def isolated_env(root: Path) -> dict[str, str]:
    """Jupyter's config, data, runtime, settings and workspaces under `root` (quiet: no news toast), and
    $IIWORK_WORKSPACE at a decoy folder, so nothing of the user's is read or written."""
    jupyter = root / ".jupyter"
    settings = jupyter / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps(QUIET))
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
    }
    return {
        **os.environ,
        **{name: str(jupyter / folder) for name, folder in folders.items()},
        "IIWORK_WORKSPACE": str(root / "env-workspace"),
    }


@pytest.fixture
def lab(request, tmp_path):
    """JupyterLab on a free port serving a copy of the layout with the notebook named by the test's parameter and
    the demo workspace built, killed (with its kernel) afterwards. Yields (base URL, root folder)."""
    pytest.importorskip("jupyterlab", reason="jupyterlab is not installed: browser test skipped")
    layout(tmp_path, [ROOT / "notebooks" / request.param])
    with Workbook(tmp_path / "data" / "demo") as wb:  # the notebook's demo cell then finds it built
        wb.demo()
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={TOKEN}",
        "--LabApp.news_url=None",
        "--no-browser",
        "--allow-root",
        f"--ServerApp.root_dir={tmp_path}",
    ]
    with (tmp_path / "jupyterlab.log").open("wb") as log:
        proc = subprocess.Popen(
            command, env=isolated_env(tmp_path), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(proc, f"{base}/api/status?token={TOKEN}")
            yield base, tmp_path
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to JupyterLab's process group (it shuts its kernel down), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def contacts(root: Path) -> list[tuple]:
    conn = sqlite3.connect(root / "data" / "demo" / "workbook.sqlite")
    try:
        return conn.execute("SELECT name, organization, email, how_known FROM contacts ORDER BY contact_id").fetchall()
    finally:
        conn.close()


def screenshot(page, tmp_path: Path, name: str) -> Path:
    """The page as it is now, to tmp_path/screenshots/NAME.png, copied to $IIWORK_SCREENSHOTS when set."""
    path = tmp_path / "screenshots" / f"{name}.png"
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))  # the viewport: JupyterLab scrolls inside its own panel
    if os.environ.get(SCREENSHOTS_ENV):
        folder = Path(os.environ[SCREENSHOTS_ENV])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)
    return path


def run_all_cells(page, ready: str) -> None:
    """Run every cell once the kernel is idle, then wait for `ready` (a selector) and for every prompt's number."""
    page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Idle")).wait_for(timeout=30_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
    page.locator(ready).first.wait_for(timeout=30_000)
    page.wait_for_function(  # every cell has run: no "[*]" or "[ ]" prompt left on a code cell
        """() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent);
                   return p.length > 0 && p.every(t => /\\[\\d+\\]/.test(t)); }""",
        timeout=60_000,
    )
    assert page.locator(STDERR).count() == 0, page.locator(STDERR).all_inner_texts()


def fill_contact(page, *, name: str, organization: str, email: str) -> None:
    page.fill(".iiwork-contact-name input", name)
    page.fill(".iiwork-contact-organization input", organization)
    page.fill(".iiwork-contact-email input", email)
    page.click(".iiwork-contact-save")


@pytest.mark.parametrize("lab", ["03-interview-log.ipynb"], indirect=True)
def test_tracker_panel_saves_a_contact_and_shows_a_bad_email_inline(chromium, lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, root = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{base}/lab/tree/notebooks/03-interview-log.ipynb?token={TOKEN}")
            run_all_cells(page, ".iiwork-tracker")
            message = page.locator(".iiwork-contact-message")
            page.locator(".iiwork-tracker").scroll_into_view_if_needed()
            expect(page.locator(".iiwork-followups")).to_contain_text("Follow-ups due: 4 open, 2 overdue")
            demo = contacts(root)
            assert len(demo) == 4

            ruth = ("Ruth Calder", "Helio Cell Works", "ruth.calder@heliocell.example")
            fill_contact(page, name=ruth[0], organization=ruth[1], email=ruth[2])
            expect(message).to_have_text("Saved contact #5", timeout=10_000)
            assert contacts(root) == [*demo, (*ruth, None)]
            expect(page.locator(".iiwork-contact-name input")).to_have_value("")  # the form was cleared

            fill_contact(page, name="Owen Pratt", organization="Ampere Ridge", email="owen.pratt at ampereridge")
            expect(message).to_contain_text(
                "email: 'owen.pratt at ampereridge' is not an e-mail address", timeout=10_000
            )
            expect(page.locator(".iiwork-contact-email")).to_have_class(re.compile(r"\biiwork-invalid\b"))
            expect(page.locator(".iiwork-contact-name input")).to_have_value("Owen Pratt")  # what was typed stays
            assert len(contacts(root)) == 5
            assert not (root / "env-workspace").exists()  # the notebook used its workspace parameter
        finally:
            page.locator(".iiwork-tracker").scroll_into_view_if_needed()
            screenshot(page, tmp_path, "03-interview-log")  # the end state, or where it failed
            browser.close()


SECTIONS = [
    "Briefing: Amara Okafor",
    "2. Company snapshot: Ampere Ridge",
    "3. What's new",
    "4. Industry pulse: grid-scale battery storage",
    "5. What you can share",
    "6. What I've learned so far",
    "7. Questions to ask",
    "8. Handle with care",
    "9. After the interview",
    "10. Sources",
]


@pytest.mark.parametrize("lab", ["04-briefing.ipynb"], indirect=True)
def test_briefing_notebook_renders_the_next_interviews_briefing(chromium, lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, root = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{base}/lab/tree/notebooks/04-briefing.ipynb?token={TOKEN}")
            run_all_cells(page, ".jp-OutputArea-output h2")
            shown = page.locator(".jp-OutputArea-output", has=page.locator("h1", has_text="Briefing: "))
            expect(shown).to_have_count(1)
            for heading in SECTIONS:
                expect(shown.locator("h1, h2", has_text=heading).first).to_be_visible()
            expect(shown).to_contain_text(
                "This is a job lead: say so in the first minute."
            )  # the job-lead reminder of the demo's next interview
            expect(shown.locator("script")).to_have_count(0)
            saved = sorted(path.name[11:] for path in (root / "data" / "demo" / "briefings").iterdir())
            assert saved == ["amara-okafor.html", "amara-okafor.md"]
            assert not (root / "env-workspace").exists()  # the notebook used its workspace parameter
            shown.locator("h2", has_text="7. Questions to ask").scroll_into_view_if_needed()
        finally:
            screenshot(page, tmp_path, "04-briefing")  # the end state, or where it failed
            browser.close()
