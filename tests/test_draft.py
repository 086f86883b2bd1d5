"""`ledger draft`: claims, claimants, places, dates and links drafted from real articles.

The seed article is read from ../shared/seeds (third-party text, not copied here); the VOA
items and their hand annotations are in tests/data/drafting (see the README there).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session

from ledger import interchange
from ledger.draft.attribution import attribute
from ledger.draft.build import Draft, draft_article
from ledger.draft.dates import event_window
from ledger.draft.figures import figures
from ledger.draft.writer import FORMAT
from ledger.formats import model
from ledger.store import journal
from ledger.store.resources import SEED_FILE, shipped

DATA = Path(__file__).parent / "data" / "drafting"
SEED_ARTICLE = Path(__file__).parents[2] / "shared" / "seeds" / "aleppo-offensive-2024-12-01.txt"
SEED = shipped("seeds") / SEED_FILE


def known_world(engine, tmp_path: Path, document: dict) -> None:  # type: ignore[no-untyped-def]
    """Import the places, actors and sources of a document: what a newsroom already holds."""
    world = {"format": "ledger/1"} | {k: document[k] for k in ("places", "actors", "sources")}
    path = tmp_path / "world.yaml"
    path.write_text(yaml.safe_dump(world, allow_unicode=True), encoding="utf-8")
    with journal.writing(engine, "tester") as session:
        interchange.import_file(session, path)


@pytest.fixture
def seed_world(ledger_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    engine = engine_of(ledger_db)
    known_world(engine, tmp_path, yaml.safe_load(SEED.read_text(encoding="utf-8")))
    return ledger_db


@pytest.fixture
def voa_world(ledger_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    engine = engine_of(ledger_db)
    known_world(engine, tmp_path, yaml.safe_load((DATA / "voa-common.yaml").read_text()))
    return ledger_db


def drafted(engine, path: Path, source: str, published: dt.date) -> Draft:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return draft_article(
            session, path.read_text(encoding="utf-8"), source=source, published=published
        )


def claim_at(draft: Draft, words: str):  # type: ignore[no-untyped-def]
    """The drafted claim whose clause holds `words`."""
    (found,) = [c for c in draft.claims if words in c.text]
    return found


def test_the_seed_article_drafts_most_of_the_seed_claims(seed_world, engine_of):  # type: ignore[no-untyped-def]
    draft = drafted(engine_of(seed_world), SEED_ARTICLE, "MENAFN", dt.date(2024, 12, 1))
    anchors = yaml.safe_load((DATA / "aleppo-offensive-2024-12-01.anchors.yaml").read_text())
    found = [a for a in anchors.values() if any(a in c.text for c in draft.claims)]
    assert len(found) / len(anchors) >= 0.8
    assert len(draft.claims) <= len(anchors)
    assert not draft.new_actors  # every speaker of the article is in the seed's actors


def test_claimants_resolve_through_aliases_pronouns_and_hedges(seed_world, engine_of):  # type: ignore[no-untyped-def]
    draft = drafted(engine_of(seed_world), SEED_ARTICLE, "MENAFN", dt.date(2024, 12, 1))
    speaker = {
        "denied pulling back": "syrian-arab-army",  # "the Syrian army": an alias
        "confirmed heavy losses": "syrian-ministry-of-defence",  # Defense, US spelling alias
        "a tactical move": "syrian-ministry-of-defence",  # "explaining that": the same speaker
        "announced the capture": "syrian-armed-opposition",  # "They": the last sentence's subject
        "launching an incursion": "syrian-armed-opposition",  # "The opposition": named before
        "had handed the airport": "unnamed-sources",  # "some sources suggesting"
        "reportedly shelled": "unnamed-sources",
        "imposed a curfew": "menafn-reporting",  # the outlet's own voice
    }
    assert {words: claim_at(draft, words).claimant.key for words in speaker} == speaker


def test_places_come_nested_qualified_and_read_in_context(seed_world, engine_of):  # type: ignore[no-untyped-def]
    draft = drafted(engine_of(seed_world), SEED_ARTICLE, "MENAFN", dt.date(2024, 12, 1))
    places = {
        "Ashrafieh and Sheikh Maqsoud": ["aleppo-ashrafieh", "aleppo-sheikh-maqsoud"],
        "incursion into Hama province": ["SY05"],
        "full control over Idlib province": ["SY07"],
        "Maarat al-Numan": ["C3985"],
        "announced the capture": ["aleppo-international-airport"],
        "reportedly shelled": ["aleppo-new-aleppo"],
        "imposed a curfew": ["C1007"],  # bare "Aleppo" is the city
        "territory in Idlib and Aleppo": ["SY07", "SY02"],  # listed with a province
    }
    assert {w: [m.place.key for m in claim_at(draft, w).places] for w in places} == places


def test_a_denial_proposes_contradicts_with_what_it_denies(seed_world, engine_of):  # type: ignore[no-untyped-def]
    draft = drafted(engine_of(seed_world), SEED_ARTICLE, "MENAFN", dt.date(2024, 12, 1))
    denial = claim_at(draft, "denied pulling back")
    incursion = claim_at(draft, "launching an incursion")
    contradictions = [
        (link.claim, link.other) for link in draft.links if link.relation == "contradicts"
    ]
    assert contradictions == [(denial.key, incursion.key)]


def test_a_denial_of_a_claim_already_logged_links_to_it(seeded_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    article = tmp_path / "denial.txt"
    article.write_text(
        "The Syrian army denied on Monday that it had withdrawn from Hama province,"
        " and said its units held their positions there.",
        encoding="utf-8",
    )
    draft = drafted(engine_of(seeded_db), article, "MENAFN", dt.date(2024, 12, 2))
    (link,) = draft.links
    assert (link.relation, link.other, link.in_ledger) == (
        "contradicts",
        "opposition-hama-incursion",
        True,
    )


def test_a_namesake_near_the_other_places_beats_a_distant_one(voa_world, engine_of):  # type: ignore[no-untyped-def]
    article = DATA / "voa-2012-08-22-damascus-shelling.txt"
    draft = drafted(engine_of(voa_world), article, "VOA", dt.date(2012, 8, 22))
    tripoli = claim_at(draft, "seven people were killed")
    where = [(m.surface, m.place.key) for m in tripoli.places]
    assert ("Tripoli", "G266826") in where and ("Lebanon", "LB") not in where
    assert claim_at(draft, "deaths occurred").window.start == dt.date(2012, 8, 22)


@pytest.mark.parametrize("gold", sorted(DATA.glob("voa-*.gold.yaml")), ids=lambda p: p.stem)
def test_the_voa_items_meet_the_targets(gold, voa_world, engine_of):  # type: ignore[no-untyped-def]
    annotation = yaml.safe_load(gold.read_text(encoding="utf-8"))
    article = DATA / gold.name.replace(".gold.yaml", ".txt")
    published = annotation["claims"][0]["published"]
    draft = drafted(engine_of(voa_world), article, "VOA", published)
    found = [c for c in annotation["claims"] if any(c["excerpt"] in d.text for d in draft.claims)]
    assert len(found) / len(annotation["claims"]) >= 0.8
    wanted = {p for c in annotation["claims"] for p in c["places"]}
    got = {m.place.key for c in draft.claims for m in c.places}
    assert len(wanted & got) / len(wanted) >= 0.85


def test_draft_review_import(seed_world, cli, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "draft.yaml"
    code, _, err = cli(
        seed_world, "draft", str(SEED_ARTICLE), "--source", "MENAFN",
        "--published", "2024-12-01", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    assert document["format"] == "ledger/1" and "actors" not in document
    assert "review: the text is the article's clause" in text
    assert err.startswith(f"drafted {len(document['claims'])} claims, 0 new claimants and ")
    code, out_text, err = cli(seed_world, "import", str(out))
    assert code == 0, err
    assert f"added {len(document['claims'])} claims" in out_text
    code, shown, _ = cli(seed_world, "show", document["claims"][0]["id"], "--json")
    assert code == 0 and '"id": "menafn"' in shown


def test_drafting_writes_nothing_to_the_ledger(seed_world, cli, engine_of):  # type: ignore[no-untyped-def]
    def head(engine) -> int:  # type: ignore[no-untyped-def]
        with Session(engine) as session:
            return journal.head(session).seq if hasattr(journal, "head") else 0

    engine = engine_of(seed_world)
    _, out, _ = cli(seed_world, "export", "--format", "jsonl")
    cli(seed_world, "draft", str(SEED_ARTICLE), "--source", "MENAFN", "--published", "2024-12-01")
    assert cli(seed_world, "export", "--format", "jsonl")[1] == out
    assert head(engine) == head(engine)


def test_a_saved_html_page_drafts_like_its_text(voa_world, cli, tmp_path):  # type: ignore[no-untyped-def]
    article = DATA / "voa-2012-12-07-damascus-suburbs.txt"
    paragraphs = "".join(f"<p>{p}</p>\n" for p in article.read_text().split("\n\n"))
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Syria</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article>{paragraphs}</article><footer><p>Follow us</p></footer></body></html>",
        encoding="utf-8",
    )
    drafts = [
        yaml.safe_load(
            cli(voa_world, "draft", str(path), "--source", "VOA", "--published", "2012-12-07")[1]
        )
        for path in (article, page)
    ]
    assert [c["text"] for c in drafts[1]["claims"]] == [c["text"] for c in drafts[0]["claims"]]


def test_an_arabic_article_is_drafted_with_arabic_cues_and_names(seed_world, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    article = tmp_path / "ar.txt"
    article.write_text(
        "قالت وزارة الدفاع السورية إن قواتها أعادت تموضعها خارج مدينة حلب. ونفى الجيش العربي"
        " السوري انسحابه من محافظة حماة.",
        encoding="utf-8",
    )
    draft = drafted(engine_of(seed_world), article, "MENAFN", dt.date(2024, 12, 1))
    assert [(c.claimant.key, [m.place.key for m in c.places]) for c in draft.claims] == [
        ("syrian-ministry-of-defence", ["C1007"]),
        ("syrian-arab-army", ["SY05"]),
    ]


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    def write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    english = b"The army said on Monday that it had taken the town, officials said."
    return {
        "empty": (write("empty.txt", b" \n"), "empty file, no article to draft from"),
        "binary": (write("photo.jpg", bytes(range(256)) * 8), "a binary file, not an article"),
        "no article": (
            write("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            "no article text found in this HTML page",
        ),
        "language": (
            write("fr.txt", "Les rebelles sont entrés dans la ville, selon l'OSDH.".encode()),
            "not in a language `ledger draft` reads (English or Arabic)",
        ),
        "source": (write("ok.txt", english), "no source 'Reuters' in the ledger: add it with"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "no article", "language", "source"])
def test_bad_input_is_one_line_exit_2_and_nothing_written(case, ledger_db, cli, tmp_path):  # type: ignore[no-untyped-def]
    path, message = bad_inputs(tmp_path)[case]
    out = tmp_path / "draft.yaml"
    code, stdout, stderr = cli(
        ledger_db, "draft", str(path), "--source", "Reuters" if case == "source" else "MENAFN",
        "--published", "2024-12-01", "-o", str(out),
    )  # fmt: skip
    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith("error: ") and message in stderr
    assert stdout == "" and not out.exists() and not list(tmp_path.glob(".*.tmp"))
    if case == "source":
        assert "`ledger source add 'Reuters' --kind news-agency --url URL`" in stderr


@pytest.mark.parametrize(
    ("clause", "how", "subject", "cue"),
    [
        ("The army said it had retaken the town", "named", "The army", "said"),
        ('"We hold the city," said a rebel commander', "named", "a rebel commander", "said"),
        ("according to the Syrian Observatory", "named", "the Syrian Observatory", "according to"),
        ("Clashes were also reported in the east", "outlet", None, "reported"),
        ("Two towns were reportedly shelled", "unnamed", "unnamed sources", "reportedly"),
        ("They later announced the capture", "pronoun", "They", "announced"),
        ("explaining that the move was tactical", "inherit", None, "explaining"),
        ("The war has claimed many lives", "outlet", None, None),
        ("The fighting has resulted in casualties", "outlet", None, None),
    ],
)
def test_attribution(clause, how, subject, cue):  # type: ignore[no-untyped-def]
    found = attribute(clause, "en")
    assert (found.how, found.subject, found.cue and found.cue.phrase) == (how, subject, cue)


@pytest.mark.parametrize(
    ("phrase", "window"),
    [
        ("on Tuesday", ("2024-11-26", "2024-11-26", "day")),
        ("on Sunday", ("2024-12-01", "2024-12-01", "day")),  # the day it was published
        ("By Tuesday, they held it", ("2024-11-20", "2024-11-26", "week")),
        ("earlier", ("2024-11-24", "2024-12-01", "week")),
        ("last week", ("2024-11-18", "2024-11-24", "week")),
        ("last month", ("2024-11-01", "2024-11-30", "month")),
        ("on November 27", ("2024-11-27", "2024-11-27", "day")),
        ("for the first time since 2016", None),
        ("يوم الثلاثاء", ("2024-11-26", "2024-11-26", "day")),
    ],
)
def test_dates_become_windows_relative_to_publication(phrase, window):  # type: ignore[no-untyped-def]
    found = event_window(phrase, dt.date(2024, 12, 1), "ar" if "يوم" in phrase else "en")
    got = found and (found.start.isoformat(), found.end.isoformat(), found.precision)
    assert got == window


@pytest.mark.parametrize(
    ("clause", "labels"),
    [
        ("with dozens of Syrian soldiers killed or injured", ["killed=24..99"]),
        ("killing at least 35 people", ["killed=35.."]),
        ("taking control of 23 villages and towns", ["villages=23"]),
        ("more than 3,500 prisoners were freed", ["released=3500.."]),
        ("for the first time since 2016 in a 20-month-long uprising", []),
    ],
)
def test_figures_are_numbers_with_what_they_count(clause, labels):  # type: ignore[no-untyped-def]
    assert [f.label() for f in figures(clause)] == labels


def test_the_draft_format_is_the_import_format() -> None:
    assert FORMAT == model.FORMAT
