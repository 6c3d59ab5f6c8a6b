"""Term-by-term translation of HTML fields (Odoo 18's ``html_translate``), simplified for the emulator.

A term is the inner text of a block element (``<p>``, ``<h1>``..., ``<li>``, ``<td>``), or the whole value when
it has no markup: what Odoo's ``xml_translate`` finds in plain paragraphs. ``odoo_emulator.translations`` uses
these for writes in a language and for ``update_field_translations``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

SOURCE_LANG = "en_US"
_BLOCK = re.compile(r"(<(p|h[1-6]|li|blockquote|td|th)\b[^>]*>)(.*?)(</\2>)", re.S | re.I)


def html_terms(value: Any) -> list[str]:
    """The terms of an HTML value: the inner text of each block element, or the whole text when none."""
    if not isinstance(value, str) or not value.strip():
        return []
    blocks = [m.group(3).strip() for m in _BLOCK.finditer(value) if m.group(3).strip()]
    return blocks if blocks or "<" in value else [value.strip()]


def html_translate(callback: Callable[[str], str | None], value: str) -> str:
    """``value`` with each term replaced by ``callback(term)`` (None keeps the term)."""
    if not _BLOCK.search(value):
        term = value.strip()
        return (callback(term) or value) if term else value

    def swap(match: re.Match[str]) -> str:
        inner = match.group(3).strip()
        new = callback(inner) if inner else None
        return match.group(1) + (new if new is not None else match.group(3)) + match.group(4)

    return _BLOCK.sub(swap, value)


def dictionary_of(from_value: Any, others: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``{term of from_value: {lang: its translation}}``, pairing terms by position (Odoo's
    ``get_translation_dictionary``: a language with another number of terms keeps the source terms)."""
    source = html_terms(from_value)
    out: dict[str, dict[str, str]] = {term: {} for term in source}
    for lang, value in others.items():
        terms = html_terms(value)
        for i, term in enumerate(source):
            out[term][lang] = terms[i] if len(terms) == len(source) else term
    return out


def term_update(stored: Any, value: Any, lang: Any) -> Any:
    """The stored value after a write of an html_translate field in ``lang`` (Odoo's ``_String.write``)."""
    if value is None or value is False:
        return False
    code = lang if isinstance(lang, str) and lang else SOURCE_LANG
    if not isinstance(stored, dict) or not stored or not html_terms(value):
        return {SOURCE_LANG: value, code: value}
    old = {k: v for k, v in stored.items() if v is not None}
    from_value = old.pop(code, old.get(SOURCE_LANG))
    dictionary = dictionary_of(from_value, old)
    new_terms = html_terms(value)
    for old_term in list(dictionary):
        if old_term not in new_terms:
            close = difflib.get_close_matches(old_term, new_terms, 1, 0.9)
            if close and close[0] not in dictionary:
                dictionary[close[0]] = dictionary.pop(old_term)
    result = {other: html_translate(lambda t, o=other: dictionary.get(t, {}).get(o), value) for other in old}
    result[code] = value
    return result
