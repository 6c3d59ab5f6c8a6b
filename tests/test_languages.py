"""Texts in the asked language: ``lang`` arguments, ``Accept-Language`` with q-values, the default, the headers."""

from __future__ import annotations

from typing import Any

from bff.languages import Language, Languages, parse_accept_language
from demo_data.translations import french_name
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

EVENTS = """query Events($lang: String) { events(first: 50, lang: $lang) { edges { node {
  name category { name } tags { name } tickets { name } } } } }"""
ENGLISH, FRENCH = "Puppy Foundations Workshop", french_name("event.event", "Puppy Foundations Workshop")


def puppy(data: dict[str, Any]) -> dict[str, Any]:
    nodes = [edge["node"] for edge in data["events"]["edges"]]
    return next(n for n in nodes if n["name"] in (ENGLISH, FRENCH))


async def events(gql: GraphQLClient, lang: str | None = None, accept: str | None = None,
                 ) -> tuple[dict[str, Any], str | None]:
    headers = {"Accept-Language": accept} if accept else {}
    response = await gql.http.post("/graphql", json={"query": EVENTS, "variables": {"lang": lang}}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return puppy(body["data"]), response.headers.get("content-language")


async def test_accept_language_fr_fr_gives_the_french_texts(gql: GraphQLClient) -> None:
    event, content_language = await events(gql, accept="fr-FR,fr;q=0.9,en;q=0.5")
    assert event["name"] == FRENCH == "Atelier bases du chiot"
    assert event["category"]["name"] == "Atelier"  # nested reads follow the language of their root field
    assert sorted(t["name"] for t in event["tags"]) == ["Débutant", "En salle"]
    assert sorted(t["name"] for t in event["tickets"]) == ["Standard", "Tarif précoce"]
    assert content_language == "fr-FR"


async def test_lang_argument_wins_over_accept_language(gql: GraphQLClient) -> None:
    for lang in ("fr", "fr-FR", "fr_FR"):
        event, content_language = await events(gql, lang=lang, accept="en-US")
        assert (event["name"], content_language) == (FRENCH, "fr-FR")
    event, content_language = await events(gql, lang="en", accept="fr-FR")
    assert (event["name"], content_language) == (ENGLISH, "en-US")


async def test_unknown_languages_fall_back_to_the_default(gql: GraphQLClient) -> None:
    assert await events(gql) == (await events(gql, accept="xx-YY, tlh")) == (await events(gql, lang="zz")) != (
        await events(gql, accept="fr"))
    event, content_language = await events(gql, accept="de-DE, xx")  # German exists in Odoo, but is not active
    assert (event["name"], content_language) == (ENGLISH, "en-US")
    event, _ = await events(gql, lang="xx", accept="fr")  # an unknown argument leaves the header to decide
    assert event["name"] == FRENCH


async def test_q_values_decide(gql: GraphQLClient) -> None:
    assert (await events(gql, accept="en;q=0.4, fr;q=0.8"))[0]["name"] == FRENCH
    assert (await events(gql, accept="fr;q=0.4, en-GB;q=0.8"))[0]["name"] == ENGLISH  # en-GB -> en -> en_US
    assert (await events(gql, accept="fr;q=0, en;q=0.1"))[0]["name"] == ENGLISH  # q=0: not acceptable


async def test_two_languages_in_one_request_each_cost_one_call(gql: GraphQLClient,
                                                                        demo_odoo: DemoOdoo) -> None:
    query = """{ en: events(first: 50, lang: "en") { edges { node { name category { name } tags { name }
      tickets { name } } } } fr: events(first: 50, lang: "fr") { edges { node { name category { name }
      tags { name } tickets { name } } } } }"""
    await gql.query(query)  # the catalogue's languages, once per process
    demo_odoo.server.clear_calls()
    data = await gql.query(query)
    assert puppy({"events": data["en"]})["name"] == ENGLISH and puppy({"events": data["fr"]})["name"] == FRENCH
    calls = sorted((c.model, c.method) for c in demo_odoo.server.calls if c.model)
    assert calls == 2 * [("event.event", "web_search_read")]  # relations nested in each language's one call
    categories = {lang: {e["node"]["category"]["name"] for e in data[lang]["edges"]} for lang in ("en", "fr")}
    assert "Workshop" in categories["en"] and "Atelier" in categories["fr"] and "Workshop" not in categories["fr"]


async def test_languages_lists_what_odoo_has_installed(gql: GraphQLClient) -> None:
    data = await gql.query("{ languages { code odooCode isoCode urlCode name direction isDefault } }")
    by_code = {lang["code"]: lang for lang in data["languages"]}
    assert set(by_code) == {"en-US", "fr-FR"}
    assert by_code["en-US"]["isDefault"] is True and by_code["fr-FR"]["isDefault"] is False
    assert by_code["fr-FR"] == {"code": "fr-FR", "odooCode": "fr_FR", "isoCode": "fr", "urlCode": "fr",
                                "name": "French / Français", "direction": "LTR", "isDefault": False}


async def test_lists_by_name_and_the_blog_follow_the_language(gql: GraphQLClient) -> None:
    data = await gql.query("""{ eventCategories(lang: "fr") { name } blogs(lang: "fr") { name subtitle }
      blogTags(lang: "fr") { name } equipment(first: 1, lang: "fr") { edges { node { name description } } }
      posts(first: 1, lang: "fr") { edges { node { title blog { name } } } } }""")
    assert [c["name"] for c in data["eventCategories"]] == ["Atelier", "Balade conviviale", "Cours collectif"]
    assert {b["name"] for b in data["blogs"]} == {"Conseils d'éducation", "Nouvelles de la meute"}
    assert "santé" in {t["name"] for t in data["blogTags"]}
    [item] = [e["node"] for e in data["equipment"]["edges"]]
    assert item["name"] == "Caisse de transport (grande)"  # "name asc" in French puts it first
    [post] = [e["node"] for e in data["posts"]["edges"]]
    assert post["title"] == "Voici Marco, notre nouvel éducateur" and post["blog"]["name"] == "Nouvelles de la meute"


async def test_bodies_translated_term_by_term_come_in_french(gql: GraphQLClient) -> None:
    data = await gql.query("""{ posts(first: 1, lang: "fr") { edges { node { content teaser } } }
      en: posts(first: 1) { edges { node { content } } } events(first: 1, lang: "fr") { edges { node { name
      description } } } }""")
    [post] = [e["node"] for e in data["posts"]["edges"]]
    assert post["content"].startswith("<p>Des séances courtes") and post["teaser"].startswith("Des séances")
    assert data["en"]["edges"][0]["node"]["content"].startswith("<p>Short, frequent sessions")
    [event] = [e["node"] for e in data["events"]["edges"]]
    assert event["description"] == f"<p>{event['name']} au centre d'éducation CustomK9.</p>"


async def test_search_matches_the_texts_of_the_language(gql: GraphQLClient) -> None:
    query = """query S($lang: String) { events(filter: {search: "atelier"}, lang: $lang) {
      totalCount edges { node { name } } } }"""
    french = (await gql.query(query, {"lang": "fr"}))["events"]
    assert french["totalCount"] == len(french["edges"]) == 2  # the two French "Atelier ..." names
    assert all(e["node"]["name"].startswith("Atelier") for e in french["edges"])
    assert (await gql.query(query, {"lang": "en"}))["events"]["totalCount"] == 0


async def test_node_follows_accept_language(gql: GraphQLClient) -> None:
    data = await gql.query('{ events(first: 50, filter: {search: "Puppy"}) { edges { node { id } } } }')
    event_id = data["events"]["edges"][0]["node"]["id"]
    query = "query N($id: ID!) { node(id: $id) { ... on Event { name category { name } } } }"
    body = await gql.raw(query, {"id": event_id}, headers={"Accept-Language": "fr-CA, en;q=0.5"})
    assert body["data"]["node"] == {"name": FRENCH, "category": {"name": "Atelier"}}  # fr-CA -> fr -> fr_FR


async def test_get_answers_vary_on_accept_language(gql: GraphQLClient) -> None:
    response = await gql.http.get("/graphql", params={"query": "{ eventCategories { name } }"},
                                  headers={"Accept-Language": "fr", "Accept": "application/json"})
    assert response.status_code == 200 and "Atelier" in response.text
    assert "accept-language" in response.headers["vary"].lower()
    assert response.headers["content-language"] == "fr-FR"


def test_accept_language_parsing() -> None:
    assert parse_accept_language("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5") == ["fr-CH", "fr", "en", "de", "*"]
    assert parse_accept_language("en;q=0.2, fr") == ["fr", "en"]
    assert parse_accept_language("a;q=0.5, b;q=0.5, c;q=0") == ["a", "b"]  # equal q keep their order
    assert parse_accept_language("fr;q=2, <script>, en;q=abc, de") == ["de"]  # malformed entries dropped
    assert parse_accept_language("") == parse_accept_language(None) == []


def test_lookup_maps_bcp47_to_installed_codes() -> None:
    installed = Languages([Language("en_US", "English (US)", "en", "en", "ltr"),
                           Language("fr_BE", "French (BE)", "fr_BE", "fr_BE", "ltr"),
                           Language("fr_FR", "French", "fr", "fr", "ltr"),
                           Language("sr@latin", "Serbian (Latin)", "sr@latin", "sr@latin", "ltr")], "en_US")
    match = {tag: (found.code if (found := installed.match(tag)) else None)
             for tag in ("fr-FR", "fr-BE", "fr", "fr-CA", "FR-fr", "en-GB", "de", "*", "sr")}
    assert match == {"fr-FR": "fr_FR", "fr-BE": "fr_BE", "fr": "fr_FR", "fr-CA": "fr_FR", "FR-fr": "fr_FR",
                     "en-GB": "en_US", "de": None, "*": "en_US", "sr": "sr@latin"}
    assert installed.negotiate(None, "de, fr-BE;q=0.5").code == "fr_BE"
    assert installed.negotiate("xx", None).code == "en_US"
    assert [lang.tag for lang in installed.all] == ["en-US", "fr-BE", "fr-FR", "sr-Latn"]
