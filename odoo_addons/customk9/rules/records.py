# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The values a client or staff member may give: a dog's fields, a post's texts, a tag's name, a plan's name.

Unknown fields are refused by name (the first in sorted order); texts are stripped (a post's HTML content
is kept as given) and bounded; a birth date is not in the future; a weight is more than 0 and at most 120 kg
(0 is a refused weight, not "no weight").
"""
from datetime import date

from .common import RuleError, _

DOG_FIELDS = {"name", "breed", "birth_date", "sex", "weight_kg", "notes"}
SEXES = ("male", "female", "unknown")
POST_FIELDS = {"name", "subtitle", "content", "blog_id", "tag_ids"}
POST_TEXT_LIMITS = (("name", 128), ("subtitle", 256), ("content", 100_000))
TAG_NAME_LIMIT = 64
TEMPLATE_PREFIX = "Template: "


def _known(values, allowed, what):
    if not isinstance(values, dict):
        raise RuleError("VALIDATION", "values", what)
    unknown = sorted(str(key) for key in set(values) - allowed)
    if unknown:
        raise RuleError("VALIDATION", unknown[0], _("%(name)s cannot be set here."), name=unknown[0])


def _text(values, name, limit, required_message=None, strip=True):
    value = values.get(name) or ""
    if not isinstance(value, str):
        raise RuleError("VALIDATION", name, _("%(name)s must be text."), name=name)
    value = value.strip() if strip else value
    if required_message and not value:
        raise RuleError("VALIDATION", name, required_message)
    if len(value) > limit:
        raise RuleError("VALIDATION", name, _("%(name)s is at most %(limit)s characters."), name=name, limit=limit)
    return value or False


def dog_values(values, today):
    """A dog's values (without its owner), else VALIDATION on the first faulty field."""
    _known(values, DOG_FIELDS, _("Give the dog's fields."))
    vals = {"name": _text(values, "name", 64, _("A name is required.")), "breed": _text(values, "breed", 64),
            "notes": _text(values, "notes", 2000)}
    birth = values.get("birth_date")
    if birth:
        try:
            birth = date.fromisoformat(birth) if isinstance(birth, str) and len(birth) == 10 else None
        except ValueError:
            birth = None
        if not birth or birth > today:
            raise RuleError("VALIDATION", "birth_date", _("Give a birth date (YYYY-MM-DD) not in the future."))
    vals["birth_date"] = birth or False
    sex = values.get("sex") or "unknown"
    if sex not in SEXES:
        raise RuleError("VALIDATION", "sex", _("The sex is male, female or unknown."))
    vals["sex"] = sex
    weight = values.get("weight_kg")
    if weight is not None and weight is not False:
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 120:
            raise RuleError("VALIDATION", "weight_kg", _("The weight is more than 0 and at most 120 kg."))
        vals["weight_kg"] = weight
    return vals


def post_texts(values):
    """A post's texts (name, subtitle, content), else VALIDATION; the blog and tags are checked by the
    caller, which reads them."""
    _known(values, POST_FIELDS, _("Give the post's fields."))
    return {name: _text(values, name, limit, _("A post needs a title.") if name == "name" else None,
                        strip=name != "content") for name, limit in POST_TEXT_LIMITS}


def tag_name(name):
    """A new tag's name, stripped, else VALIDATION."""
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > TAG_NAME_LIMIT:
        raise RuleError("VALIDATION", "name", _("A tag name is 1 to %(limit)s characters."), limit=TAG_NAME_LIMIT)
    return name


def tag_taken():
    return RuleError("VALIDATION", "name", _("A tag of that name exists already."))


def plan_name(dog_name, template_name):
    """The name of a client's plan copied from a template ("Template: Puppy basics" -> "Rex: Puppy basics")."""
    base = template_name or ""
    if base.startswith(TEMPLATE_PREFIX):
        base = base[len(TEMPLATE_PREFIX):]
    return f"{dog_name or ''}: {base}"
