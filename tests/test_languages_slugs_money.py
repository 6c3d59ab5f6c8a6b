"""Languages meet slugs and money: ``eventBySlug`` and ``equipmentBySlug`` take ``lang`` like every public root
field, the canonical slug is the one of the answer's language (Odoo's website redirects ``/fr/event/<English
slug>`` to the French one the same way), and ``Money.formatted`` follows a ``lang`` argument."""

from __future__ import annotations

from demo_data.translations import french_name
from tests.graphql_client import GraphQLClient

EVENTS = """query Events($lang: String) { events(first: 50, filter: {when: ALL}, lang: $lang) {
  edges { node { name slug } } } }"""
EVENT = """query E($slug: String!, $lang: String) { eventBySlug(slug: $slug, lang: $lang) {
  isCanonical canonicalSlug event { name slug tickets { name price { formatted } } } } }"""
EQUIPMENT = """query Q($slug: String!, $lang: String) { equipmentBySlug(slug: $slug, lang: $lang) {
  isCanonical canonicalSlug equipment { name slug dailyPrice { formatted } } } }"""
PUPPY_EN = "Puppy Foundations Workshop"
AGILITY_EN = "Agility starter set"


async def _slug_of(gql: GraphQLClient, query: str, root: str, name: str, lang: str) -> str:
    data = await gql.query(query, {"lang": lang})
    return next(e["node"]["slug"] for e in data[root]["edges"] if e["node"]["name"] == name)


async def test_an_event_by_its_english_slug_in_french_points_to_the_french_slug(gql: GraphQLClient) -> None:
    english = await _slug_of(gql, EVENTS, "events", PUPPY_EN, "en")
    event_id = english.rsplit("-", 1)[1]
    assert english == f"puppy-foundations-workshop-{event_id}"
    found = (await gql.query(EVENT, {"slug": english, "lang": "fr"}, headers={"Accept-Language": "en-US"}))
    lookup = found["eventBySlug"]
    assert lookup["event"]["name"] == french_name("event.event", PUPPY_EN)
    assert lookup["canonicalSlug"] == lookup["event"]["slug"] == f"atelier-bases-du-chiot-{event_id}"
    assert lookup["isCanonical"] is False
    assert sorted(t["name"] for t in lookup["event"]["tickets"]) == ["Standard", "Tarif précoce"]
    assert all("\u00a0$US" in t["price"]["formatted"] for t in lookup["event"]["tickets"])  # French money too
    french = (await gql.query(EVENT, {"slug": lookup["canonicalSlug"], "lang": "fr-FR"}))["eventBySlug"]
    assert (french["isCanonical"], french["event"]["name"]) == (True, lookup["event"]["name"])
    back = (await gql.query(EVENT, {"slug": english}, headers={"Accept-Language": "en-US"}))["eventBySlug"]
    assert (back["isCanonical"], back["event"]["name"], back["canonicalSlug"]) == (True, PUPPY_EN, english)


async def test_equipment_by_slug_follows_lang_and_accept_language(gql: GraphQLClient) -> None:
    query = "query Q($lang: String) { equipment(first: 50, lang: $lang) { edges { node { name slug } } } }"
    english = await _slug_of(gql, query, "equipment", AGILITY_EN, "en")
    product_id = english.rsplit("-", 1)[1]
    lookup = (await gql.query(EQUIPMENT, {"slug": english}, headers={"Accept-Language": "fr-CA"}))["equipmentBySlug"]
    assert lookup["equipment"]["name"] == french_name("product.template", AGILITY_EN)
    assert lookup["canonicalSlug"] == f"kit-d-initiation-a-l-agility-{product_id}"
    assert lookup["isCanonical"] is False
    # no lang argument: money reads Accept-Language itself, region included (babel's fr_CA)
    assert lookup["equipment"]["dailyPrice"]["formatted"] == "15,00\u00a0$\u00a0US"
    chosen = (await gql.query(EQUIPMENT, {"slug": english, "lang": "fr"}, headers={"Accept-Language": "en-US"}))
    assert chosen["equipmentBySlug"]["equipment"]["dailyPrice"]["formatted"] == "15,00\u00a0$US"  # fr_FR
    assert chosen["equipmentBySlug"]["equipment"]["name"] == lookup["equipment"]["name"]
