"""The HTML dispute report: its structure for the seed ledger, scope, escaping, and shipping."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import text

from ledger.report import reports

ROOT = Path(__file__).resolve().parent.parent
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "circle", "path"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self._texts()).split())

    def _texts(self):  # type: ignore[no-untyped-def]
        for part in self.parts:
            yield part if isinstance(part, str) else "".join(part._texts())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            classes = (child.attrs.get("class") or "").split()
            if (tag is None or child.tag == tag) and (cls is None or cls in classes):
                found.append(child)
            found.extend(child.find_all(tag, cls))
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        (found,) = self.find_all(tag, cls)
        return found


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append(node)  # type: ignore[arg-type]
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.stack[-1].parts.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "every element is closed"
    return builder.root


def report_of(cli, db: str, folder: Path, *args: str) -> tuple[str, Node]:  # type: ignore[no-untyped-def]
    target = folder / "report.html"
    code, out, err = cli(db, "report", "-o", str(target), *args)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    return out, parse(html)


def test_the_seed_report_shows_both_disputes_with_their_two_sides(cli, seeded_db, tmp_path):
    out, page = report_of(cli, seeded_db, tmp_path)
    assert out == f"{tmp_path / 'report.html'}: 2 disputed points, 28 claims\n"
    assert page.one("html").attrs["lang"] == "en"
    assert page.one("h1").text == "Disputed claims"
    assert [h.text for h in page.find_all("h2")] == [
        "Disputed points",
        "Hama, 27 Nov – 1 Dec 2024",
        "Aleppo International Airport, 27 Nov – 1 Dec 2024",
        "Places",
        "Timeline",
        "How to read this report",
    ]
    index = page.one("section", "index")
    rows = [[cell.text for cell in row.find_all("td")] for row in index.find_all("tr")[1:]]
    assert rows == [
        ["Hama, 27 Nov – 1 Dec 2024 D1", "Hama", "27 Nov – 1 Dec 2024", "2", "2", "open"],
        [
            "Aleppo International Airport, 27 Nov – 1 Dec 2024 D2",
            "Aleppo International Airport, Aleppo",
            "27 Nov – 1 Dec 2024",
            "2",
            "2",
            "open",
        ],
    ]
    assert [a.attrs["href"] for a in index.find_all("a")] == ["#D1", "#D2"]
    sides = {
        point.attrs["id"]: [
            [card.attrs["id"] for card in side.find_all("div", "claim")]
            for side in point.find_all("section", "side")
        ]
        for point in page.find_all("article", "point")
    }
    assert sides == {
        "D1": [["claim-opposition-hama-incursion"], ["claim-army-denies-hama-pullback"]],
        "D2": [["claim-opposition-captures-aleppo-airport"], ["claim-army-handed-airport-to-sdf"]],
    }


def test_each_claim_shows_claimant_source_dates_places_and_the_link_note(cli, seeded_db, tmp_path):
    _, page = report_of(cli, seeded_db, tmp_path)
    hama = next(p for p in page.find_all("article", "point") if p.attrs["id"] == "D1")
    denial = next(c for c in hama.find_all("div", "claim") if "army-denies" in c.attrs["id"])
    assert denial.one("p", "who").text == "Syrian Arab Army for Syrian government"
    assert (
        denial.one("p", "text").text
        == "The Syrian army denies that it has withdrawn from the Hama area."
    )
    meta = [d.text for d in denial.one("dl").find_all("dd")]
    assert meta == ["MENAFN", "1 Dec 2024", "27 Nov – 1 Dec 2024", "Hama"]
    assert denial.one("dl").one("a").attrs["href"] == "https://menafn.com/"
    (link,) = hama.one("section", "links").find_all("li")
    assert "contradicts" in link.text
    assert "The army rejects any withdrawal from the Hama area" in link.text
    svg = hama.one("svg")
    assert len(svg.find_all("circle")) == 2
    assert [p.attrs["class"] for p in svg.find_all("path")] == ["link contradicts"]


def test_the_report_has_a_place_index_in_its_hierarchy_and_a_timeline(cli, seeded_db, tmp_path):
    _, page = report_of(cli, seeded_db, tmp_path)
    places = page.find_all("section")
    index = next(s for s in places if s.attrs.get("id") == "places")
    labels = [p.one("strong").text for p in index.find_all("p", "place")]
    assert labels[:3] == ["Syria", "Aleppo", "Jebel Saman › Aleppo"]
    assert "Aleppo International Airport" in labels
    airport = next(p for p in index.find_all("p", "place") if "Airport" in p.text)
    assert [a.attrs["href"] for a in airport.find_all("a")] == ["#D2"]
    timeline = next(s for s in places if s.attrs.get("id") == "timeline")
    assert [h.text for h in timeline.find_all("h3")] == [
        "27 Nov 2024",
        "27 Nov – 1 Dec 2024",
        "date unknown",
    ]
    assert len(timeline.find_all("li", "entry")) == 28


def test_the_report_is_one_file_with_no_script_and_nothing_fetched(cli, seeded_db, tmp_path):
    _, page = report_of(cli, seeded_db, tmp_path)
    assert page.find_all("script") == []
    assert page.find_all("link") == []
    assert all("src" not in node.attrs for node in page.find_all())
    (policy,) = [m for m in page.find_all("meta") if m.attrs.get("http-equiv")]
    assert policy.attrs["content"].startswith("default-src 'none'")
    assert "@media print" in page.one("style").text


def test_a_place_report_covers_that_place_and_its_disputes(cli, seeded_db, tmp_path):
    out, page = report_of(cli, seeded_db, tmp_path, "--place", "Aleppo city")
    assert out.endswith(": 1 disputed point, 13 claims\n")
    assert page.one("h1").text == "Disputed claims: Aleppo"
    assert [p.attrs["id"] for p in page.find_all("article", "point")] == ["D2"]


def test_a_dispute_report_covers_one_point(cli, seeded_db, tmp_path):
    cli(seeded_db, "dispute", "title", "D1", "Did the army pull back from Hama?")
    out, page = report_of(cli, seeded_db, tmp_path, "--dispute", "D1")
    assert out.endswith(": 1 disputed point, 2 claims\n")
    assert page.one("h1").text == "Did the army pull back from Hama?"


def test_a_resolution_and_verdicts_show_in_the_report(cli, seeded_db, tmp_path):
    cli(seeded_db, "dispute", "resolve", "D1", "--side", "army-denies-hama-pullback",
        "--note", "Footage shows the army in place.", "--evidence", "https://example.org/v",
        "--by", "dana")  # fmt: skip
    cli(seeded_db, "verdict", "opposition-hama-incursion", "mostly-false", "--by", "dana")
    cli(seeded_db, "verdict", "opposition-hama-incursion", "false", "--by", "lee")
    _, page = report_of(cli, seeded_db, tmp_path)
    hama = next(p for p in page.find_all("article", "point") if p.attrs["id"] == "D1")
    resolution = hama.one("div", "resolution")
    assert resolution.text.startswith("Resolved for position B (Syrian Arab Army) by dana")
    assert resolution.one("a").attrs["href"] == "https://example.org/v"
    assert [s.attrs["class"] for s in hama.find_all("section", "side")] == [
        "side side-a",
        "side side-b chosen",
    ]
    verdicts = [v.text for v in hama.find_all("p", "verdict")]
    assert [v.split(" —")[0] for v in verdicts] == [
        "Verdict: false",
        "Earlier verdict: mostly false",
    ]


HOSTILE = '<script>alert(1)</script> and "><img src=x onerror=alert(2)>'


def test_text_from_users_renders_as_text(cli, ledger_db, tmp_path, engine_of):
    cli(ledger_db, "actor", "add", f"Actor {HOSTILE}", "--kind", "other", "--id", "evil")
    refused = cli(
        ledger_db, "source", "add", "Outlet", "--kind", "website", "--url", "javascript:x"
    )
    assert refused[0] == 2
    cli(ledger_db, "source", "add", "Outlet", "--kind", "website")
    with engine_of(ledger_db).begin() as connection:  # as a ledger from an older version may hold
        connection.execute(
            text("UPDATE source SET url = 'javascript:alert(3)' WHERE key = 'outlet'")
        )
    for key in ("one", "two"):
        code, _, err = cli(ledger_db, "claim", "add", f"{key} {HOSTILE}", "-c", "evil", "-s",
                           "Outlet", "--id", key, "--excerpt", HOSTILE, "-p", "Hama")  # fmt: skip
        assert code == 0, err
    cli(ledger_db, "link", "one", "contradicts", "two", "--note", HOSTILE)
    cli(ledger_db, "dispute", "title", "D1", f"Title {HOSTILE}")
    cli(ledger_db, "verdict", "one", "false", "--note", HOSTILE)
    target = tmp_path / "report.html"
    assert cli(ledger_db, "report", "-o", str(target))[0] == 0
    html = target.read_text(encoding="utf-8")
    page = parse(html)
    assert page.find_all("script") == []
    assert page.find_all("img") == []
    assert "javascript:" not in html
    point = page.one("article", "point")
    assert point.one("h2").text == f"Title {HOSTILE}"
    card = point.find_all("div", "claim")[0]
    assert card.one("p", "text").text == f"one {HOSTILE}"
    assert card.one("blockquote").text == HOSTILE
    assert card.one("p", "who").text == f"Actor {HOSTILE}"
    assert card.one("dl").find_all("a") == [], "a javascript: address is not made a link"
    assert HOSTILE in point.one("section", "links").text
    assert html.count("&lt;script&gt;") >= 8


def test_report_refuses_both_filters_and_a_missing_folder(cli, seeded_db, tmp_path):
    code, _, err = cli(seeded_db, "report", "-o", str(tmp_path / "r.html"), "--place", "Hama",
                       "--dispute", "D1")  # fmt: skip
    assert (code, err) == (2, "error: choose --place or --dispute, not both\n")
    missing = tmp_path / "nowhere" / "r.html"
    code, _, err = cli(seeded_db, "report", "-o", str(missing))
    assert (code, err) == (2, f"error: cannot write {missing}: no such folder\n")


def test_writing_replaces_the_file_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old")
    reports.write(target, "<p>new</p>")
    assert target.read_text() == "<p>new</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_the_templates_ship_in_the_wheel_and_render_from_an_installed_copy(tmp_path):
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(wheels)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("ledger-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("ledger/templates/")}
    assert {"base.html", "report.html", "_point.html", "_style.css"} <= shipped
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    check = (
        "import ledger, ledger.report.reports as r; "
        "print(ledger.__file__); "
        "print(r.environment().get_template('report.html').filename)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    module, template = result.stdout.splitlines()
    assert module.startswith(str(target)), "the installed copy, not the checkout, was imported"
    assert template.startswith(str(target / "ledger" / "templates"))


def test_the_report_embeds_the_claimreview_of_its_verdicts(cli, seeded_db, tmp_path):
    import json

    hostile = "Army says </script><script>alert(1)</script> nothing happened"
    code, out, _ = cli(
        seeded_db, "claim", "add", hostile, "-c", "SAA", "-s", "MENAFN", "-p", "Hama"
    )
    assert code == 0
    for claim, rating in ((out.strip(), "false"), ("opposition-hama-incursion", "mostly-true")):
        assert cli(seeded_db, "verdict", claim, rating)[0] == 0
    publisher = ("--organisation", "Verify Desk", "--base-url", "https://example.org/checks")
    target = tmp_path / "report.html"
    assert cli(seeded_db, "report", "-o", str(target), *publisher)[0] == 0
    html = target.read_text(encoding="utf-8")
    (block,) = [s for s in parse(html).find_all("script")]
    assert block.attrs == {"type": "application/ld+json"}
    assert html.count("<script") == 1, "the hostile claim text stays inside the JSON"
    _, exported, _ = cli(seeded_db, "export", "-f", "claimreview", *publisher)
    embedded = json.loads(block.text)
    assert embedded == json.loads(exported)["dataFeedElement"]
    assert {r["claimReviewed"] for r in embedded} >= {hostile}


def test_without_a_publisher_the_report_embeds_nothing(cli, seeded_db, tmp_path):
    assert cli(seeded_db, "verdict", "opposition-hama-incursion", "mostly-true")[0] == 0
    _, page = report_of(cli, seeded_db, tmp_path)
    assert page.find_all("script") == []


def test_right_to_left_names_and_overrides_are_isolated_in_the_report(cli, seeded_db, tmp_path):
    """A right-to-left override in a name must not reverse the sentence around it."""
    name = "\u202eevil\u202c army"
    assert cli(seeded_db, "actor", "add", name, "--kind", "armed-group")[0] == 0
    text = "الجيش انسحب من المطار"
    code, key, _ = cli(seeded_db, "claim", "add", text, "--claimant", name, "--source", "MENAFN",
                       "--published", "2024-12-01", "--place", "Aleppo")  # fmt: skip
    assert code == 0
    other = "opposition-captures-aleppo-airport"
    assert cli(seeded_db, "link", key.strip(), "contradicts", other)[0] == 0
    target = tmp_path / "r.html"
    assert cli(seeded_db, "report", "-o", str(target))[0] == 0
    html = target.read_text(encoding="utf-8")
    # Each SVG <text> of a diagram is laid out on its own, so nothing leaks out of one.
    outside = re.sub(r"<bdi>.*?</bdi>|<svg.*?</svg>|<script.*?</script>", "", html, flags=re.S)
    assert html.count(f"<bdi>{name}</bdi>") >= 2
    assert "\u202e" not in outside and text not in outside
