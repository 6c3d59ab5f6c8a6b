"""Translated fields as Odoo 18 stores them: one jsonb value per field, ``{"en_US": ..., "fr_FR": ...}``.

The rules, read from Odoo 18's ``fields._String`` and ``models`` (pinned by tests/contract/test_languages.py):

* read with ``context.lang = L``: ``COALESCE(value->>L, value->>'en_US')`` (an empty string is a value, not
  a miss); without a lang, or with ``en_US``: ``value->>'en_US'``;
* create with lang L: ``{"en_US": v, L: v}`` (the value becomes the source text too);
* write with lang L: only L changes (``column || {L: v}``); on an empty column the value also becomes
  ``en_US``; writing ``en_US`` keeps the other languages as they are;
* write ``False``: the whole column is cleared (every language);
* a ``context.lang`` that is not an active ``res.lang`` code: UserError "Invalid language code: L" (Odoo raises
  it when the call first uses ``env.lang``, e.g. reading a translated field; the emulator on every call).

Fields Odoo translates term by term (``html_translate``: ``blog.post.content``, ``event.event.description``)
are stored the same way; their terms are the contents of block elements (``<p>``, ``<h1>``..., ``<li>``), a
simplification of Odoo's ``xml_translate`` that holds for plain paragraphs. A write in one language re-derives
the others term by term (a term whose translation is unknown stays in the written text), and
``update_field_translations(field, {lang: {source term: translation}})`` sets translations of terms;
with ``translate=True`` fields it takes ``{lang: text}`` (``False`` removes that language).
"""

from __future__ import annotations

from typing import Any

from .exceptions import PythonValueError, UserError
from .translation_terms import SOURCE_LANG, dictionary_of, html_translate

# html_translate fields (terms translated one by one)
TERM_TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "event.event": ("description",),
    "blog.post": ("content",),
    "blog.blog": ("content",),
}

# translate=True fields of the emulated models, from the Odoo 18 sources (event, website_event, website_blog,
# product; ``seo_name`` of website.seo.metadata). ``product.product.name`` is the template's, through ``_inherits``.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "event.event": ("name", "subtitle", "seo_name"),
    "event.type": ("name",),
    "event.tag": ("name",),
    "event.tag.category": ("name",),
    "event.event.ticket": ("name", "description"),
    "blog.blog": ("name", "subtitle", "seo_name"),
    "blog.tag": ("name",),
    "blog.post": ("name", "subtitle", "teaser_manual", "seo_name"),
    "product.template": ("name", "description", "description_sale", "seo_name"),
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


def update_field_translations(db: Any, uid: int, ids: list[int], field_name: str, translations: Any,
                              source_lang: Any = None, model: str = "") -> bool:
    """``BaseModel.update_field_translations`` of Odoo 18 (on one record)."""
    if len(ids) != 1:
        raise PythonValueError(f"Expected singleton: {model}{tuple(ids)}")
    if not isinstance(translations, dict):
        raise PythonValueError("translations must be a dict")
    active = {row["code"] for row in db.tables.get("res.lang", {}).values() if row.get("active")} | {SOURCE_LANG}
    missing = (set(translations) | {source_lang or SOURCE_LANG}) - active
    if missing:
        raise UserError(f"The following languages are not activated: {', '.join(sorted(missing))}")
    fld = db.registry[model].fields.get(field_name)
    if fld is None or not fld.translate:
        return False
    row = db.tables[model][ids[0]]
    db._touch(model, ids[0])
    stored = dict(row.get(field_name) or {})
    if fld.translate is True:
        if any(t and not isinstance(t, str) for t in translations.values()):
            raise UserError("Translations for model translated fields only accept falsy values and str")
        values = dict(translations)
        if not values.get(SOURCE_LANG, True) and values.get(SOURCE_LANG) != "":
            values.pop(SOURCE_LANG)
        values = {k: v if isinstance(v, str) else None for k, v in values.items()}
        if not values:
            return False
        lang = db.context.get("lang") or SOURCE_LANG
        fallback = values[SOURCE_LANG] if values.get(SOURCE_LANG) is not None else values[lang] \
            if values.get(lang) is not None else next((v for v in values.values() if v is not None), None)
        merged = {SOURCE_LANG: fallback, **stored, **values}
        row[field_name] = {k: v for k, v in merged.items() if v is not None} or False
        return True
    if not stored:
        return False
    wanted = {k: v for k, v in translations.items() if v}
    source = stored.get(source_lang or SOURCE_LANG, stored.get(SOURCE_LANG))
    dictionary = dictionary_of(source, {k: v for k, v in stored.items() if k != (source_lang or SOURCE_LANG)
                                      and k in wanted})
    for lang, terms in wanted.items():
        known = {src: langs[lang] for src, langs in dictionary.items() if lang in langs}
        known.update(terms)
        stored[lang] = html_translate(known.get, source)
    row[field_name] = stored
    return True


def mark_translated(registry: Any) -> None:
    """Flag the translated fields of the registry's models (called once the models are defined) and give
    them Odoo's ``update_field_translations``."""
    from .models.registry import Method
    for model, names in TRANSLATED_FIELDS.items():
        if model not in registry:
            continue
        for name in names:
            fld = registry[model].fields.get(name)
            if fld is not None and fld.store and fld.type in ("char", "text", "html"):
                fld.translate = True
    for model, names in TERM_TRANSLATED_FIELDS.items():
        if model not in registry:
            continue
        for name in names:
            fld = registry[model].fields.get(name)
            if fld is not None and fld.store and fld.type == "html":
                fld.translate = "html"
    for model in set(TRANSLATED_FIELDS) | set(TERM_TRANSLATED_FIELDS):
        if model in registry:
            registry[model].methods["update_field_translations"] = Method(
                lambda db, uid, ids, field_name, translations, source_lang=None, _m=model: update_field_translations(
                    db, uid, ids, field_name, translations, source_lang, model=_m), on_records=True, access="write")
