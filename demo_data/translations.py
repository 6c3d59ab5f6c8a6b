"""French translations of the demo data, written over plain RPC as Odoo 18 takes them.

fr_FR is switched on by writing ``res.lang.active`` (an administrator may; Odoo's own ``base.language.install``
wizard does the same and also loads the interface's .po files, which the demo does not need). Each text is then
written with ``context.lang = fr_FR``, which changes the French value only (tests/contract/test_languages.py).
Bodies Odoo translates term by term (``html_translate``: post bodies, event descriptions) get French terms
through ``update_field_translations`` (writing them with a lang would rewrite the English text as well).
"""

from __future__ import annotations

from typing import Any

from bff.odoo_client import OdooClient
from demo_data import content

FRENCH = "fr_FR"

# model -> English name -> French values of its translated fields
TRANSLATIONS: dict[str, dict[str, dict[str, str]]] = {
    "event.type": {"Workshop": {"name": "Atelier"}, "Group class": {"name": "Cours collectif"},
                   "Social walk": {"name": "Balade conviviale"}},
    "event.tag.category": {"Level": {"name": "Niveau"}, "Setting": {"name": "Cadre"}},
    "event.tag": {"Beginner": {"name": "Débutant"}, "Intermediate": {"name": "Intermédiaire"},
                  "Advanced": {"name": "Avancé"}, "Indoor": {"name": "En salle"}, "Outdoor": {"name": "En plein air"}},
    "event.event": {
        "Puppy Foundations Workshop": {"name": "Atelier bases du chiot"},
        "Loose-Leash Walking Clinic": {"name": "Atelier marche en laisse détendue"},
        "Reactive Dog Seminar": {"name": "Séminaire chien réactif"},
        "Recall Masterclass": {"name": "Masterclass rappel"},
        "Beginner Obedience (6 weeks)": {"name": "Obéissance débutant (6 semaines)"},
        "Agility Starter Class": {"name": "Cours d'initiation à l'agility"},
        "Canine Good Citizen Prep": {"name": "Préparation chien citoyen"},
        "Advanced Off-Leash Class": {"name": "Cours avancé sans laisse"},
        "Sunday Pack Walk": {"name": "Balade de meute du dimanche"},
        "Beach Day Social": {"name": "Journée plage entre chiens"},
        "Holiday Costume Parade": {"name": "Défilé costumé des fêtes"},
        "Autumn Trail Walk": {"name": "Randonnée d'automne"},
    },
    "event.event.ticket": {"Standard": {"name": "Standard"}, "Early bird": {"name": "Tarif précoce"},
                           "Spectator": {"name": "Spectateur"}, "Full course": {"name": "Cycle complet"},
                           "Free": {"name": "Gratuit"}, "Costume contest": {"name": "Concours de costumes"}},
    "product.template": {
        "Travel crate (medium)": {"name": "Caisse de transport (moyenne)",
                                  "description_sale": "Caisse en plastique homologuée avion, chiens jusqu'à 20 kg."},
        "Travel crate (large)": {"name": "Caisse de transport (grande)",
                                 "description_sale": "Caisse en plastique homologuée avion, chiens jusqu'à 40 kg."},
        "Exercise pen, 8 panels": {"name": "Parc d'exercice, 8 panneaux",
                                   "description_sale": "Parc pliable en métal, 80 cm de haut, intérieur ou "
                                                       "extérieur."},
        "Agility starter set": {"name": "Kit d'initiation à l'agility",
                                "description_sale": "Tunnel, quatre piquets de slalom, deux haies et une table."},
        "Car ramp": {"name": "Rampe de voiture",
                     "description_sale": "Rampe télescopique pour chiens âgés ou blessés, jusqu'à 90 kg."},
        "Soft crate (small)": {"name": "Caisse souple (petite)",
                               "description_sale": "Caisse pliable en tissu pour petits chiens et chiots."},
    },
    "blog.blog": {"Training Tips": {"name": "Conseils d'éducation", "subtitle": "Les astuces de nos éducateurs"},
                  "Pack News": {"name": "Nouvelles de la meute", "subtitle": "Ce qui se passe chez CustomK9"}},
    "blog.tag": {"puppies": {"name": "chiots"}, "recall": {"name": "rappel"}, "leash": {"name": "laisse"},
                 "agility": {"name": "agility"}, "health": {"name": "santé"}, "events": {"name": "événements"}},
    "blog.post": {
        "Five rules for a reliable recall": {"name": "Cinq règles pour un rappel fiable",
                                             "subtitle": "Au pied veut dire au pied, à chaque fois"},
        "Crate training without tears": {"name": "Apprendre la caisse sans larmes",
                                         "subtitle": "Faire de la caisse un endroit heureux"},
        "Loose-leash walking in three weeks": {"name": "La marche en laisse détendue en trois semaines"},
        "Your puppy's first month": {"name": "Le premier mois de votre chiot", "subtitle": "Dormir, jouer, apprendre"},
        "Agility at home": {"name": "L'agility à la maison", "subtitle": "Des jeux sûrs pour le salon"},
        "Reading your dog's body language": {"name": "Lire le langage corporel de votre chien"},
        "New agility field opens": {"name": "Ouverture du nouveau terrain d'agility",
                                    "subtitle": "Notre terrain extérieur est prêt"},
        "Meet our new trainer, Marco": {"name": "Voici Marco, notre nouvel éducateur"},
        "Winter schedule (draft)": {"name": "Planning d'hiver (brouillon)", "subtitle": "Pas encore prêt"},
        "Advanced scent work (draft)": {"name": "Pistage avancé (brouillon)"},
    },
}


PARAGRAPH_FR = ("Des séances courtes et fréquentes valent mieux que de longues. Gardez les récompenses à portée "
                "de main, finissez sur une réussite et laissez votre chien se reposer. La constance de toute la "
                "famille compte plus que n'importe quel tour, et chaque chien apprend à son rythme : fêtez les "
                "petites victoires en chemin.")
VENUE_EN, VENUE_FR = "{} at the CustomK9 Training Center.", "{} au centre d'éducation CustomK9."


async def activate_language(odoo: OdooClient, code: str) -> int:
    """Switch ``code`` on (an inactive ``res.lang`` row every Odoo database holds); returns its id."""
    rows = await odoo.search_read("res.lang", [("code", "=", code), ("active", "in", [True, False])],
                                  fields=["active"], limit=1)
    if not rows:
        raise ValueError(f"Odoo has no language {code}")
    if not rows[0]["active"]:
        await odoo.write("res.lang", [rows[0]["id"]], {"active": True})
    return int(rows[0]["id"])


async def seed_french(odoo: OdooClient) -> int:
    """Activate fr_FR and write the French texts of the demo records; returns how many records changed."""
    await activate_language(odoo, FRENCH)
    changed = 0
    for model, texts in TRANSLATIONS.items():
        for english, values in texts.items():
            ids = await odoo.search(model, [("name", "=", english)])
            if ids:
                await odoo.write(model, ids, dict(values), lang=FRENCH)
                changed += len(ids)
    return changed + await _french_bodies(odoo)


async def _french_bodies(odoo: OdooClient) -> int:
    """French terms of the post bodies and event descriptions the demo writes (``demo_data.seed``)."""
    paragraph = content.PARAGRAPH.removeprefix("<p>").removesuffix("</p>")
    posts = await odoo.search("blog.post", [("name", "in", [post[1] for post in content.POSTS])])
    for post in posts:
        await odoo.call("blog.post", "update_field_translations",
                        [[post], "content", {FRENCH: {paragraph: PARAGRAPH_FR}}])
    events = await odoo.search_read("event.event", [("name", "in", list(TRANSLATIONS["event.event"]))],
                                    fields=["name"], lang="en_US")
    for event in events:
        terms = {VENUE_EN.format(event["name"]): VENUE_FR.format(french_name("event.event", event["name"]))}
        await odoo.call("event.event", "update_field_translations", [[event["id"]], "description", {FRENCH: terms}])
    return len(posts) + len(events)


def french_name(model: str, english: str) -> str:
    """The French name the demo gives a record (tests and docs)."""
    values: dict[str, Any] = TRANSLATIONS[model][english]
    return str(values["name"])
