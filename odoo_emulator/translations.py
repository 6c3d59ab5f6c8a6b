"""Translated fields as Odoo 18 stores them: one jsonb value per field, ``{"en_US": ..., "fr_FR": ...}``.

The rules, read from Odoo 18's ``fields._String`` and ``models`` (pinned by tests/contract/test_languages.py):

* read with ``context.lang = L``: ``COALESCE(value->>L, value->>'en_US')`` (an empty string is a value, not
  a miss); without a lang, or with ``en_US``: ``value->>'en_US'``;
* create with lang L: ``{"en_US": v, L: v}`` (the value becomes the source text too);
* write with lang L: only L changes (``column || {L: v}``); on an empty column the value also becomes
  ``en_US``; writing ``en_US`` keeps the other languages as they are;
* write ``False``: the whole column is cleared (every language);
* a ``context.lang`` that is not an active ``res.lang`` code: UserError "Invalid language code: L".

Only ``translate=True`` fields are modelled. Fields Odoo translates term by term (``html_translate``:
``blog.post.content``, ``event.event.description``) stay single-valued here.
"""

from __future__ import annotations

from typing import Any

SOURCE_LANG = "en_US"

# translate=True fields of the emulated models, from the Odoo 18 sources (event, website_event, website_blog,
# product). ``product.product.name`` is the template's, through ``_inherits``.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "event.event": ("name", "subtitle"),
    "event.type": ("name",),
    "event.tag": ("name",),
    "event.tag.category": ("name",),
    "event.event.ticket": ("name", "description"),
    "blog.blog": ("name", "subtitle"),
    "blog.tag": ("name",),
    "blog.post": ("name", "subtitle", "teaser_manual"),
    "product.template": ("name", "description", "description_sale"),
}


def translated_value(stored: Any, lang: Any) -> Any:
    """The value a read in ``lang`` sees: that language, else the en_US source, else False."""
    if not isinstance(stored, dict):
        return stored if stored else False
    if isinstance(lang, str) and lang in stored and stored[lang] is not None:
        return stored[lang]
    value = stored.get(SOURCE_LANG)
    return value if value is not None else False


def translated_insert(value: Any, lang: Any) -> Any:
    """The stored value of a create: the text in en_US and in the context language."""
    if value is None or value is False:
        return False
    code = lang if isinstance(lang, str) and lang else SOURCE_LANG
    return {SOURCE_LANG: value, code: value}


def translated_update(stored: Any, value: Any, lang: Any) -> Any:
    """The stored value after a write of ``value`` in ``lang``."""
    if value is None or value is False:
        return False
    code = lang if isinstance(lang, str) and lang else SOURCE_LANG
    base = dict(stored) if isinstance(stored, dict) and stored else {SOURCE_LANG: value}
    base[code] = value
    return base


def mark_translated(registry: Any) -> None:
    """Flag the translated fields of the registry's models (called once the models are defined)."""
    for model, names in TRANSLATED_FIELDS.items():
        if model not in registry:
            continue
        for name in names:
            fld = registry[model].fields.get(name)
            if fld is not None and fld.store and fld.type in ("char", "text", "html"):
                fld.translate = True
