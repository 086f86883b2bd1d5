"""The report in a real browser (headless Chromium) and through a real HTML validator (Nu).

Both tools are Debian packages on CI (.ci/run installs `chromium` and `default-jre-headless`); the
Nu checker comes from npm's `vnu-jar`, installed once into `.cache/vnu`. Without them these tests
skip on a developer's machine and fail on CI (CI=true), where they must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import chromium
import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_VERSION = "26.9.27"
VNU_HOME = ROOT / ".cache" / "vnu"
VNU_JAR = VNU_HOME / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

ON_SQLITE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # one backend suffices


def missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is required on CI")
    pytest.skip(f"{what} is not installed (apt-get install chromium default-jre-headless)")


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """Return the command that runs the Nu HTML checker, installing it from npm once."""
    java = shutil.which("java") or missing("java")
    if not VNU_JAR.exists():
        npm = shutil.which("npm") or missing("npm")
        VNU_HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(VNU_HOME), "--no-audit", "--no-fund",
             "--ignore-scripts", f"vnu-jar@{VNU_VERSION}"],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    return [java, "-jar", str(VNU_JAR), "--errors-only"]  # type: ignore[list-item]


@pytest.fixture
def page(tmp_path: Path):  # type: ignore[no-untyped-def]
    chromium.binary() or missing("chromium")
    opened = chromium.Page(tmp_path / "profile")
    yield opened
    opened.close()


def write_report(cli, db: str, path: Path) -> Path:  # type: ignore[no-untyped-def]
    code, _, err = cli(db, "report", "-o", str(path))
    assert code == 0, err
    return path


@ON_SQLITE
def test_the_seed_report_opens_in_chromium_without_a_single_request(cli, seeded_db, tmp_path, page):
    report = write_report(cli, seeded_db, tmp_path / "report.html")
    page.open(report.as_uri())
    assert page.requests() == [report.as_uri()]
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.documentElement.lang") == "en"
    tops_and_lefts = page.evaluate(
        "[...document.querySelectorAll('#D1 .side')]"
        ".map(e => [Math.round(e.getBoundingClientRect().top), e.getBoundingClientRect().left])"
    )
    (top_a, left_a), (top_b, left_b) = tops_and_lefts
    assert top_a == top_b and left_a < left_b, "the two sides stand side by side"
    shot = tmp_path / "report.png"
    page.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000


@ON_SQLITE
def test_the_print_stylesheet_drops_navigation_and_keeps_the_sides(cli, seeded_db, tmp_path, page):
    report = write_report(cli, seeded_db, tmp_path / "report.html")
    page.open(report.as_uri())
    page.send("Emulation.setEmulatedMedia", media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.toc')).display") == "none"
    columns = "getComputedStyle(document.querySelector('.sides')).gridTemplateColumns"
    assert len(page.evaluate(columns).split()) == 2


def test_a_page_that_fetches_something_is_caught(tmp_path, page):
    """The request check can fail: a page with a remote image shows up."""
    fetching = tmp_path / "fetching.html"
    fetching.write_text(
        '<!DOCTYPE html><html lang="en"><title>t</title><img src="http://127.0.0.1:9/x.png" alt="">'
    )
    page.open(fetching.as_uri())
    assert page.requests() == [fetching.as_uri(), "http://127.0.0.1:9/x.png"]


@ON_SQLITE
def test_the_nu_checker_finds_no_errors_in_the_reports(cli, seeded_db, tmp_path, vnu):
    seed = write_report(cli, seeded_db, tmp_path / "seed.html")
    # Every branch of the templates: a title, a resolution, verdicts, a reopened and an
    # inconsistent point (a claim corroborating both sides of D1).
    cli(seeded_db, "dispute", "title", "D2", "Who took <Aleppo> airport?")
    cli(seeded_db, "dispute", "resolve", "D2", "--side", "army-handed-airport-to-sdf", "--note",
        "Footage.", "--evidence", "https://example.org/?a=1&b=2")  # fmt: skip
    cli(seeded_db, "verdict", "army-handed-airport-to-sdf", "mostly-true", "--note", "Footage.")
    cli(seeded_db, "verdict", "army-handed-airport-to-sdf", "true")
    cli(seeded_db, "claim", "add", "Both are right.", "-c", "Unnamed sources", "-s", "MENAFN",
        "--id", "both", "-p", "Hama")  # fmt: skip
    cli(seeded_db, "link", "both", "corroborates", "opposition-hama-incursion")
    cli(seeded_db, "link", "both", "corroborates", "army-denies-hama-pullback")
    cli(seeded_db, "dispute", "unresolvable", "D1", "--note", "No access.")
    cli(seeded_db, "claim", "add", "Neither.", "-c", "Russia", "-s", "MENAFN", "--id", "neither")
    cli(seeded_db, "link", "neither", "contradicts", "both")
    busy = write_report(cli, seeded_db, tmp_path / "busy.html")
    assert "inconsistent" in busy.read_text() and "Reopened" in busy.read_text()
    result = subprocess.run([*vnu, str(seed), str(busy)], capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_nu_checker_does_report_errors(tmp_path, vnu):
    """The validator can fail: a broken page is refused."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><title>t</title><p><li>x</table>")
    result = subprocess.run([*vnu, str(broken)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "error" in result.stderr
