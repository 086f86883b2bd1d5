"""Fact-checks as publishers publish them: ClaimReview JSON-LD and Fact Check Tools API responses.

The fixtures in tests/data/factchecks follow the shapes publishers and Google publish (see the
README there): authors as objects, strings or missing, appearances as objects or URL strings,
ratings in the publishers' own words in five languages, several organisations on one claim.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session
from test_interchange import state

from ledger.record import claims, verdicts

DATA = Path(__file__).parent / "data" / "factchecks"
PUBLISHED = DATA / "published.jsonld"
API = DATA / "factcheck-api-search.json"
WARNINGS = [
    f"warning: {PUBLISHED}: place 'Nowhere-in-particular' is not in the ledger: left out"
    " (--create-places adds it)",
    f"warning: {PUBLISHED}: rating 'Cherry-picked framing' is not in the ratings table:"
    " kept unrated (map it with --ratings FILE)",
]


def claim_of(cli, db: str, text: str) -> dict:  # type: ignore[no-untyped-def]
    code, out, _ = cli(db, "claims", "--json")
    assert code == 0
    (found,) = [c for c in json.loads(out)["claims"] if c["text"] == text]
    return found


def reviews_of(engine, key: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Each organisation's current verdict on a claim: (organisation, rating, wording)."""
    with Session(engine) as session:
        claim_id = claims.get(session, key).id
        found = verdicts.current(session, [claim_id])[claim_id]
    return sorted((v.organisation, v.rating, v.textual_rating) for v in found)


def test_published_claim_reviews_import_with_their_wording(cli, seeded_db, engine_of):  # type: ignore[no-untyped-def]
    code, out, err = cli(seeded_db, "import", str(PUBLISHED), "--create")
    assert code == 0, err
    assert out == (
        f"{PUBLISHED}: added 4 actors, 4 sources, 5 claims, 6 verdicts; 0 already in the ledger\n"
    )
    assert err.splitlines() == WARNINGS
    engine = engine_of(seeded_db)
    # Two organisations reviewed one post (matched by its appearance URL): one claim, two verdicts.
    airport = claim_of(cli, seeded_db, "Says the Aleppo airport was never captured.")
    assert (airport["claimant"]["name"], airport["claimant"]["kind"]) == ("Viral image", "person")
    assert (airport["source"]["name"], airport["url"]) == (
        "facebook.example",
        "https://www.facebook.example/posts/881",
    )
    assert [p["id"] for p in airport["places"]] == ["SY02"]  # AFP's contentLocation
    assert reviews_of(engine, airport["id"]) == [
        ("AFP Factuel", "mostly-false", "Trompeur"),
        ("PolitiFact", "false", "Pants on Fire!"),
    ]
    with Session(engine) as session:
        history = verdicts.history(session, claims.get(session, airport["id"]).id)
    afp = next(v for v in history if v.organisation == "AFP Factuel")
    assert afp.explanation == "La photo date de 2016 et montre un autre aéroport."
    assert afp.review_url == "https://factcheck.afp.example/doc.afp.com.36QX7YZ"
    assert afp.review_date.isoformat() == "2024-12-05"
    # An author given as a plain string; no author at all: the claim is unattributed.
    curfew = claim_of(cli, seeded_db, "Hay toque de queda total en Alepo desde el sábado.")
    assert curfew["claimant"]["name"] == "Cadena de WhatsApp"
    assert reviews_of(engine, curfew["id"]) == [("Chequeado", "mostly-false", "Engañoso")]
    convoy = claim_of(cli, seeded_db, "A convoy left Aleppo for Idlib.")
    assert (convoy["claimant"]["id"], convoy["source"]["id"]) == ("unattributed", "unknown-source")
    assert reviews_of(engine, convoy["id"]) == [("Checker", "unrated", "Cherry-picked framing")]
    hama = claim_of(cli, seeded_db, "فيديو يظهر انسحاب الجيش من حماة")
    assert (hama["source"]["name"], [p["id"] for p in hama["places"]]) == ("Facebook", ["SY05"])
    assert reviews_of(engine, hama["id"]) == [("مسبار", "mostly-false", "مضلل")]
    assert cli(seeded_db, "verify")[0] == 0
    before = state(engine)
    code, out, _ = cli(seeded_db, "import", str(PUBLISHED), "--create")
    assert out == f"{PUBLISHED}: added nothing; 11 already in the ledger\n"
    assert state(engine) == before


def test_a_review_adds_its_verdict_to_a_claim_the_ledger_has(cli, seeded_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    code, out, _ = cli(seeded_db, "show", "opposition-hama-incursion", "--json")
    claim = json.loads(out)
    assert claim["places"]  # a claim with places: a review without them still attaches
    reviews = [
        {  # matched by its text
            "@type": "ClaimReview",
            "claimReviewed": claim["text"],
            "author": {"@type": "Organization", "name": "Misbar"},
            "datePublished": "2024-12-03",
            "itemReviewed": {"@type": "Claim"},
            "reviewRating": {"@type": "Rating", "alternateName": "Half True"},
        },
        {  # matched by its id, whatever its text
            "@type": "ClaimReview",
            "claimReviewed": "Opposition fighters entered Hama (summary)",
            "author": {"@type": "Organization", "name": "Fatabyyano"},
            "itemReviewed": {"@type": "Claim", "identifier": "opposition-hama-incursion"},
            "reviewRating": {"@type": "Rating", "alternateName": "صحيح"},
        },
    ]
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps({"@context": "https://schema.org", "@graph": reviews}), "utf-8")
    code, out, err = cli(seeded_db, "import", str(path))
    assert (code, err) == (0, "")
    assert out == f"{path}: added 2 verdicts; 1 already in the ledger\n"
    assert reviews_of(engine_of(seeded_db), "opposition-hama-incursion") == [
        ("Fatabyyano", "true", "صحيح"),
        ("Misbar", "mixed", "Half True"),
    ]


def test_a_fact_check_tools_api_response_imports(cli, seeded_db, engine_of):  # type: ignore[no-untyped-def]
    code, out, err = cli(seeded_db, "import", str(API), "--create")
    assert (code, err) == (0, "")
    assert (
        out == f"{API}: added 2 actors, 1 sources, 2 claims, 3 verdicts; 0 already in the ledger\n"
    )
    airport = claim_of(cli, seeded_db, "Rebels captured Aleppo airport on Saturday.")
    assert (airport["claimant"]["name"], airport["published"]) == (
        "Social media users",
        "2024-11-30",
    )
    assert reviews_of(engine_of(seeded_db), airport["id"]) == [
        ("Les Décodeurs", "mostly-true", "Plutôt vrai"),
        ("Misbar", "mixed", "Half True"),
    ]
    video = claim_of(cli, seeded_db, "A video shows the army leaving Hama.")
    assert video["claimant"]["id"] == "unattributed"
    assert reviews_of(engine_of(seeded_db), video["id"]) == [
        ("fatabyyano.example", "false", "زائف")
    ]


def test_a_ratings_file_maps_a_newsroom_s_own_wordings(cli, seeded_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    table = tmp_path / "ratings.csv"
    table.write_text("wording,rating\nCherry-picked framing,mostly-false\n", encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(PUBLISHED), "--create", "--ratings", str(table))
    assert (code, err.splitlines()) == (0, WARNINGS[:1])
    convoy = claim_of(cli, seeded_db, "A convoy left Aleppo for Idlib.")
    assert reviews_of(engine_of(seeded_db), convoy["id"]) == [
        ("Checker", "mostly-false", "Cherry-picked framing")
    ]
    table.write_text("Cherry-picked framing,bogus\n", encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(PUBLISHED), "--ratings", str(table))
    assert (code, err) == (
        2,
        f"error: {table}: 'Cherry-picked framing' maps to 'bogus', not a rating: use one of"
        " true, mostly-true, mixed, mostly-false, false, unproven, unrated\n",
    )


def test_every_bad_review_is_named_and_nothing_is_written(cli, seeded_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    good = json.loads(PUBLISHED.read_text(encoding="utf-8"))["@graph"][0]
    path = tmp_path / "bad.jsonld"
    bad = [good, {"@type": "Article"}, {**good, "claimReviewed": " "}]
    path.write_text(json.dumps(bad), encoding="utf-8")
    before = state(engine_of(seeded_db))
    code, out, err = cli(seeded_db, "import", str(path), "--create")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {path}, review 2: not a ClaimReview",
        f"error: {path}, review 3: no claimReviewed: the text of the claim reviewed",
    ]
    assert state(engine_of(seeded_db)) == before


def test_the_export_publishes_each_organisation_s_current_review(cli, seeded_db):  # type: ignore[no-untyped-def]
    assert cli(seeded_db, "import", str(PUBLISHED), "--create")[0] == 0
    code, out, _ = cli(
        seeded_db,
        "export",
        "--format",
        "claimreview",
        "--organisation",
        "Verify Desk",
        "--base-url",
        "https://example.org/checks",
    )
    assert code == 0
    reviews = json.loads(out)["dataFeedElement"]
    airport = [r for r in reviews if r["claimReviewed"].startswith("Says the Aleppo airport")]
    assert [r["author"]["name"] for r in airport] == ["AFP Factuel", "PolitiFact"]
    afp = airport[0]
    assert afp["url"] == "https://factcheck.afp.example/doc.afp.com.36QX7YZ"
    assert afp["datePublished"] == "2024-12-05"
    assert afp["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Trompeur",
        "name": "Trompeur",
        "ratingExplanation": "La photo date de 2016 et montre un autre aéroport.",
    }
    item = afp["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Viral image"}
    assert [a.get("url") for a in item["appearance"]] == [
        "https://www.facebook.example/posts/881",
        "https://x.example/status/4412",
        "https://tiktok.example/@user/video/77",
    ]
    assert item["contentLocation"] == [{"@type": "Place", "identifier": "SY02", "name": "Aleppo"}]
    convoy = next(r for r in reviews if r["claimReviewed"] == "A convoy left Aleppo for Idlib.")
    assert "author" not in convoy["itemReviewed"]  # unattributed: no made-up author
    assert convoy["reviewRating"]["alternateName"] == "Cherry-picked framing"
    assert "ratingValue" not in convoy["reviewRating"]


def test_names_created_in_one_import_match_like_names_in_the_ledger(cli, seeded_db, tmp_path):  # type: ignore[no-untyped-def]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "text,claimant,source\n"
        "First post,Channels TV,Facebook\n"
        "Second post,ChannelsTV,facebook\n"
        "Third post,channels tv,FACEBOOK\n",
        encoding="utf-8",
    )
    code, out, err = cli(seeded_db, "import", str(sheet), "--create")
    assert (code, err) == (0, "")
    assert out == f"{sheet}: added 1 actors, 1 sources, 3 claims; 0 already in the ledger\n"


def test_the_formats_readme_lists_every_rating_wording():
    from ledger.record.ratings import WORDINGS

    readme = (Path(__file__).parents[1] / "ledger" / "formats" / "README.md").read_text("utf-8")
    for term, wordings in WORDINGS.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{term}` |"))
        assert all(w in row for w in wordings), term


def test_a_published_verdict_is_recorded_by_hand_and_shown(cli, seeded_db):  # type: ignore[no-untyped-def]
    key = "army-denies-hama-pullback"
    assert cli(seeded_db, "verdict", key, "false", "--note", "Footage from Hama")[0] == 0
    code, out, err = cli(
        seeded_db,
        "verdict",
        key,
        "mostly-false",
        "--organisation",
        "Chequeado",
        "--wording",
        "Engañoso",
        "--review-url",
        "https://chequeado.example/c/1",
        "--review-date",
        "2024-12-04",
    )
    assert (code, err) == (0, "")
    code, out, _ = cli(seeded_db, "verdicts", key)
    lines = out.splitlines()
    assert [line.split("  ", 1)[1] for line in lines if line[:1].isdigit()] == [
        'mostly-false Chequeado (tester) "Engañoso"  (current)',
        "false        tester  (current)",
    ]
    assert "https://chequeado.example/c/1" in out
