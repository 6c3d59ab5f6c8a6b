"""Turning Odoo wire values into Python ones: ``False`` for empty, ``[id, name]`` pairs, UTC strings."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

_URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_TAGS = re.compile(r"<[^>]+>")
_WORDS_PER_MINUTE = 200
_ODOO_DATE = re.compile(r"^(\d{1,4})-(\d{1,2})-(\d{1,2})")
_ODOO_DATETIME = re.compile(r"^(\d{1,4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})")
MAX_ODOO_ID = 2_147_483_647  # ids are PostgreSQL ``integer`` (int4) columns


def text(value: Any) -> str | None:
    """Odoo sends ``False`` for an empty char/text/html field."""
    return value if isinstance(value, str) and value != "" else None


def many2one_id(value: Any) -> int | None:
    """The id of a many2one: a ``[id, name]`` pair, or a row a specification read nested (``bff.specification``)."""
    if isinstance(value, dict):
        return value.get("id")
    return value[0] if isinstance(value, (list, tuple)) and value else None


def many2one_name(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("display_name") or None
    return value[1] if isinstance(value, (list, tuple)) and len(value) > 1 else None


def ids(value: Any) -> list[int]:
    return [v for v in value if isinstance(v, int)] if isinstance(value, list) else []


def parse_datetime(value: Any) -> datetime | None:
    """Odoo datetimes are naive UTC strings ``YYYY-MM-DD HH:MM:SS``.

    Parsed defensively: one odd stored value (Odoo writes year 999 as ``999-...``, unpadded) gives ``None``
    for that field instead of failing the whole list it is part of.
    """
    match = _ODOO_DATETIME.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def required_datetime(value: Any) -> datetime:
    """A datetime Odoo always sets (a required field); the epoch stands in if Odoo ever sends none."""
    return parse_datetime(value) or datetime.fromtimestamp(0, UTC)


def format_datetime(value: datetime) -> str:
    """The Odoo form of an aware datetime, for domains and values."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def slugify(name: str) -> str:
    """Odoo's ``ir.http._slugify_one`` (without the optional python-slugify): ASCII, every run of non-word
    characters and underscores one hyphen, none at either end, lower case."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\W_]+", "-", ascii_name).strip("-").lower()


def slug(name: str, record_id: int) -> str:
    """Odoo's website slug: ``<slugified-name>-<id>``, the form its URLs use (``ir.http._slug``; pass the
    record's ``seo_name`` when it has one, as website does)."""
    base = slugify(name)
    return f"{base}-{record_id}" if base else str(record_id)


def id_from_slug(value: str) -> int | None:
    """The record id at the end of an Odoo slug, or ``None`` when there is none or it cannot be an id
    (more digits than a PostgreSQL ``integer`` holds: never handed to ``int()`` unbounded)."""
    match = re.search(r"(?:^|-)(\d{1,10})$", value.strip())
    if match is None:
        return None
    record_id = int(match.group(1))
    return record_id if 0 < record_id <= MAX_ODOO_ID else None


def cover_image_path(cover_properties: Any) -> str | None:
    """The image path inside website's ``cover_properties`` JSON (``background-image: url('...')``)."""
    if not isinstance(cover_properties, str) or not cover_properties:
        return None
    try:
        props = json.loads(cover_properties)
    except ValueError:
        return None
    match = _URL_IN_CSS.search(str(props.get("background-image", ""))) if isinstance(props, dict) else None
    return match.group(1) if match else None


def absolute_url(base_url: str, path: str | None) -> str | None:
    if not path:
        return None
    if path.startswith(("http://", "https://", "data:")):
        return path
    return f"{base_url}{path if path.startswith('/') else '/' + path}"


def plain_text(html: Any) -> str:
    return _TAGS.sub(" ", html) if isinstance(html, str) else ""


def reading_time_minutes(html: Any) -> int:
    """Minutes to read an HTML body at 200 words a minute, at least 1."""
    words = len(plain_text(html).split())
    return max(1, math.ceil(words / _WORDS_PER_MINUTE))


def parse_date(value: Any) -> date | None:
    """Odoo dates are ``YYYY-MM-DD`` strings; an odd one (see ``parse_datetime``) gives ``None``."""
    match = _ODOO_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    except ValueError:
        return None
