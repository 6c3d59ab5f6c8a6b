"""The languages Odoo has installed, for a storefront's language switcher."""

from __future__ import annotations

import enum

import strawberry

from bff.languages import Language as InstalledLanguage


@strawberry.enum(description="Writing direction of a language.")
class TextDirection(enum.Enum):
    LTR = strawberry.enum_value("ltr", description="Left to right.")
    RTL = strawberry.enum_value("rtl", description="Right to left.")


@strawberry.type(description="A language Odoo has installed: texts can be asked for in it (`lang`, "
                             "`Accept-Language`).")
class Language:
    code: str = strawberry.field(description="BCP 47 tag, e.g. `fr-FR`: send it as `lang` or in "
                                             "`Accept-Language`; answers name it in `Content-Language`.")
    odoo_code: str = strawberry.field(description="Odoo's code, e.g. `fr_FR`.")
    iso_code: str = strawberry.field(description="Odoo's ISO code, e.g. `fr`.")
    url_code: str = strawberry.field(description="The code Odoo's website puts in URLs, e.g. `fr`.")
    name: str = strawberry.field(description="Odoo's name of the language, e.g. `French / Français`.")
    direction: TextDirection = strawberry.field(description="Writing direction.")
    is_default: bool = strawberry.field(description="Whether texts come in this language when none is asked for "
                                                    "or none asked for is installed (the website's default).")

    @classmethod
    def of(cls, lang: InstalledLanguage, default: InstalledLanguage) -> Language:
        return cls(code=lang.tag, odoo_code=lang.code, iso_code=lang.iso_code, url_code=lang.url_code,
                   name=lang.name, direction=TextDirection.RTL if lang.direction == "rtl" else TextDirection.LTR,
                   is_default=lang.code == default.code)
