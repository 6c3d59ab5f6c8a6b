"""Which of Odoo's installed languages an answer is in: ``lang`` arguments, ``Accept-Language``, the default.

Rules, in order (the first that names an installed language wins):

    1. the field's ``lang`` argument (``fr``, ``fr-FR``, ``fr_FR``);
    2. the ``Accept-Language`` ranges by q-value (RFC 9110 §12.5.4; equal q keep their order; ``q=0`` and
       unparsable entries are dropped), each matched by RFC 4647 lookup: the tag itself (``fr-BE`` ->
       ``fr_BE``), then shorter prefixes (``fr-BE`` -> ``fr``), where ``fr`` means the installed language whose
       ISO code or URL code is ``fr`` (``fr_FR``), else the first installed ``fr_*``; ``*`` means the default;
    3. the default: the website's ``default_lang_id`` (else the integration account's language, else en_US).

Codes that Odoo has not installed are never sent to it (Odoo answers UserError "Invalid language code").
Answers say which language they are in with ``Content-Language`` (BCP 47: ``fr-FR``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_RANGES = 20  # a longer Accept-Language is cut: the rest cannot matter to a real browser
_RANGE = re.compile(r"^(?:\*|[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*)$")
_QVALUE = re.compile(r"^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Language:
    """One active ``res.lang`` of Odoo."""

    code: str  # Odoo's code, e.g. fr_FR
    name: str
    iso_code: str
    url_code: str
    direction: str  # ltr or rtl

    @property
    def tag(self) -> str:
        """The BCP 47 tag (``fr_FR`` -> ``fr-FR``, ``sr@latin`` -> ``sr-Latn``)."""
        return bcp47(self.code)


_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl"}  # Odoo's ``@`` modifiers as ISO 15924 script subtags


def bcp47(code: str) -> str:
    base, _, script = code.partition("@")
    tag = base.replace("_", "-")
    return f"{tag}-{_SCRIPTS[script]}" if script in _SCRIPTS else tag


def _primary_of(code: str) -> str:
    return re.split(r"[_@]", code.lower())[0]


def parse_accept_language(header: str | None) -> list[str]:
    """The language ranges of an ``Accept-Language`` header, best first (q-value, then position)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:MAX_RANGES]):
        parts = [p.strip() for p in item.split(";")]
        tag = parts[0]
        if not tag or not _RANGE.match(tag):
            continue
        q = 1.0
        for param in parts[1:]:
            match = _QVALUE.match(param.replace(" ", ""))
            if match is None:
                q = -1.0
                break
            q = float(match.group(1))
        if q > 0:
            weighted.append((-q, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


class Languages:
    """The installed languages and the default one, with the lookup of rule 2 above."""

    def __init__(self, languages: Iterable[Language], default: str) -> None:
        self.all = tuple(languages)
        self._by_code = {lang.code.lower(): lang for lang in self.all}
        self.default = self._by_code.get(default.lower()) or self._by_code.get("en_us") or (
            self.all[0] if self.all else Language("en_US", "English (US)", "en", "en", "ltr"))

    def get(self, code: str) -> Language | None:
        return self._by_code.get(code.lower())

    def match(self, tag: str) -> Language | None:
        """The installed language a BCP 47 tag or Odoo code names (RFC 4647 lookup), or None."""
        if tag == "*":
            return self.default
        subtags = re.split(r"[-_]", tag.lower())
        while subtags:
            candidate = "_".join(subtags)
            found = self._by_code.get(candidate)
            if found is None and len(subtags) == 1:
                found = self._primary(candidate)
            if found is not None:
                return found
            subtags.pop()
        return None

    def _primary(self, primary: str) -> Language | None:
        """``fr`` alone: the language whose ISO or URL code is ``fr``, the default if it is one, else the
        first ``fr_*``."""
        for lang in self.all:
            if lang.iso_code.lower() == primary or lang.url_code.lower() == primary:
                return lang
        if _primary_of(self.default.code) == primary:
            return self.default
        return next((lang for lang in self.all if _primary_of(lang.code) == primary), None)

    def negotiate(self, requested: str | None, accept_language: str | None) -> Language:
        """The language of an answer: the ``lang`` argument, else ``Accept-Language``, else the default."""
        for tag in ([requested] if requested else []) + parse_accept_language(accept_language):
            found = self.match(tag)
            if found is not None:
                return found
        return self.default
