"""ClaimReview: verdicts published as schema.org JSON-LD, and read back as claims with verdicts.

The export is expanded by a real JSON-LD processor (pyld) against a schema.org context shipped in
tests/data, without network. That context defines only the terms the export uses, with no
`@vocab`: a misspelt or made-up property would be dropped by the expansion, and the test fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session
from test_interchange import MIXED, export, judge, state

from ledger.formats import claimreview, claimreview_in
from ledger.record import claims, verdicts
from ledger.record.ratings import Ratings

SCHEMA_ORG = Path(__file__).parent / "data" / "schema.org.jsonld"
S = "http://schema.org/"


def offline_loader(url: str, options: dict | None = None) -> dict:
    """Serve the shipped schema.org context, and nothing else."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the test tried to load {url}")
    document = json.loads(SCHEMA_ORG.read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def properties(value: object) -> int:
    """Count the properties of a JSON-LD value (keys that are not keywords), at every depth."""
    if isinstance(value, list):
        return sum(properties(v) for v in value)
    if isinstance(value, dict):
        return sum((0 if k.startswith("@") else 1) + properties(v) for k, v in value.items())
    return 0


def test_the_export_expands_as_schema_org_claim_reviews(cli, seeded_db, engine_of):  # type: ignore[no-untyped-def]
    from pyld import jsonld

    judge(engine_of(seeded_db))
    reviews = json.loads(export(cli, seeded_db, "claimreview"))["dataFeedElement"]
    expanded = jsonld.expand(reviews, {"documentLoader": offline_loader})
    assert len(expanded) == 2
    assert properties(expanded) == properties(reviews)  # nothing was dropped as unknown
    url = [{"@id": "https://example.org/checks/army-denies-hama-pullback"}]
    (review,) = [r for r in expanded if r[f"{S}url"] == url]
    assert review["@type"] == [f"{S}ClaimReview"]
    rating = review[f"{S}reviewRating"][0]
    assert rating["@type"] == [f"{S}Rating"]
    assert rating[f"{S}ratingValue"] == [{"@value": 1}]
    assert rating[f"{S}bestRating"] == [{"@value": 5}]
    assert rating[f"{S}worstRating"] == [{"@value": 1}]
    assert rating[f"{S}alternateName"] == [{"@value": "false"}]
    claim = review[f"{S}itemReviewed"][0]
    assert claim["@type"] == [f"{S}Claim"]
    assert claim[f"{S}author"][0][f"{S}name"] == [{"@value": "Syrian Arab Army"}]
    assert claim[f"{S}datePublished"] == [{"@type": f"{S}Date", "@value": "2024-12-01"}]
    publisher = claim[f"{S}appearance"][0][f"{S}publisher"][0]
    assert publisher[f"{S}name"] == [{"@value": "MENAFN"}]
    assert review[f"{S}author"][0][f"{S}name"] == [{"@value": "Verify Desk"}]


def test_only_claims_with_a_verdict_are_reviewed_with_the_current_one(cli, seeded_db, engine_of):  # type: ignore[no-untyped-def]
    judge(engine_of(seeded_db))
    reviews = json.loads(export(cli, seeded_db, "claimreview"))["dataFeedElement"]
    assert [r["itemReviewed"]["identifier"] for r in reviews] == [  # in the order logged
        "opposition-curfew-aleppo",
        "army-denies-hama-pullback",
    ]
    assert "ratingValue" not in reviews[0]["reviewRating"]  # unproven has no place on the scale
    assert reviews[1]["reviewRating"]["alternateName"] == "false"
    assert reviews[1]["reviewBody"] == MIXED


def test_records_for_chosen_claims_serve_html_pages(seeded_db, engine_of):  # type: ignore[no-untyped-def]
    judge(engine_of(seeded_db))
    with Session(engine_of(seeded_db)) as session:
        ids = [
            claims.get(session, k).id
            for k in ("opposition-curfew-aleppo", "opposition-hama-incursion")
        ]
        found = claimreview.records(
            session, ids, organisation="Desk", base_url="https://example.org/c/{id}.html"
        )
    assert [r["url"] for r in found] == ["https://example.org/c/opposition-curfew-aleppo.html"]


def test_claimreview_needs_the_organisation_and_base_url(cli, seeded_db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LEDGER_ORGANISATION", raising=False)
    monkeypatch.delenv("LEDGER_BASE_URL", raising=False)
    code, _, err = cli(seeded_db, "export", "--format", "claimreview")
    assert code == 2
    assert err.startswith("error: ClaimReview needs the fact-checking organisation")
    monkeypatch.setenv("LEDGER_ORGANISATION", "Desk")
    monkeypatch.setenv("LEDGER_BASE_URL", "https://example.org")
    code, out, _ = cli(seeded_db, "export", "--format", "claimreview")
    assert code == 0
    assert json.loads(out)["dataFeedElement"] == []


THIRD_PARTY = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "url": "https://checker.example/reviews/1",
            "claimReviewed": "The airport was never captured.",
            "author": {"@type": "Organization", "name": "Checker"},
            "datePublished": "2024-12-03",
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 2,
                "bestRating": 7,
                "worstRating": 1,
            },
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": "A spokesperson"},
                "appearance": [{"@type": "CreativeWork", "url": "https://news.example/a"}],
            },
        }
    ],
}


def test_third_party_reviews_become_claims_with_verdicts(cli, seeded_db, engine_of, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "reviews.jsonld"
    path.write_text(json.dumps(THIRD_PARTY), encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(path))
    assert code == 2
    assert err.startswith(f"error: {path}, review 1: no claimant 'A spokesperson'")
    code, out, err = cli(seeded_db, "import", str(path), "--create")
    assert (code, err) == (0, "")
    assert (
        out == f"{path}: added 1 actors, 1 sources, 1 claims, 1 verdicts; 0 already in the ledger\n"
    )
    before = state(engine_of(seeded_db))
    code, out, _ = cli(seeded_db, "import", str(path), "--create")
    assert out == f"{path}: added nothing; 2 already in the ledger\n"
    assert state(engine_of(seeded_db)) == before
    code, out, _ = cli(seeded_db, "claims", "--source", "news.example", "--json")
    (claim,) = json.loads(out)["claims"]
    assert claim["claimant"]["kind"] == "person"
    assert claim["url"] == "https://news.example/a"
    with Session(engine_of(seeded_db)) as session:
        (verdict,) = verdicts.history(session, claims.get(session, claim["id"]).id)
    assert (verdict.rating, verdict.by, verdict.at.date().isoformat()) == (
        "mostly-false",  # 2 on a 1-7 scale is 1.67 on 1-5
        "Checker",
        "2024-12-03",
    )


@pytest.mark.parametrize(
    ("rating", "name"),
    [
        ({"alternateName": "Mostly-True", "ratingValue": 1}, "mostly-true"),
        ({"ratingValue": 1, "bestRating": 5, "worstRating": 1}, "false"),
        ({"ratingValue": "10", "bestRating": 10, "worstRating": 0}, "true"),
        ({"ratingValue": 3}, "mixed"),
    ],
)
def test_ratings_map_by_name_else_by_their_place_on_the_scale(rating, name):  # type: ignore[no-untyped-def]
    assert claimreview_in.rating_term(rating, Ratings())[0] == name


def test_reviews_reject_what_is_not_a_claim_review(cli, seeded_db, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps([{"@type": "Article"}]), encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(path))
    assert (code, err) == (2, f"error: {path}, review 1: not a ClaimReview\n")
    path.write_text('[{"@type": "ClaimReview", ', encoding="utf-8")
    code, _, err = cli(seeded_db, "import", str(path))
    assert (code, err) == (
        2,
        f"error: {path}, line 1: invalid JSON:"
        " Expecting property name enclosed in double quotes at column 27\n",
    )
