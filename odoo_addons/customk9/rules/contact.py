# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public contact form: what a contact request holds, and the lead (or mail) it becomes.

With CRM installed a request is a ``crm.lead`` (type ``lead``, the website's contact); without it, a mail to the
company's address. Texts are plain (escaped into the mail's HTML).
"""
from .common import RuleError, _

INTERESTS = ("training", "behaviour", "boarding", "events", "rental", "other")
LIMITS = {"name": 128, "email": 254, "phone": 32, "message": 5000, "dog_name": 64}


def values(raw):
    """``{name, email, phone, message, dog_name, interest}`` checked, else VALIDATION on the field at fault."""
    if not isinstance(raw, dict):
        raise RuleError("VALIDATION", False, _("Fill in the contact form."))
    out = {}
    for key, limit in LIMITS.items():
        value = raw.get(key)
        text = value.strip() if isinstance(value, str) else ""
        if len(text) > limit:
            raise RuleError("VALIDATION", key, _("At most %(count)s characters."), count=limit)
        out[key] = text
    for key in ("name", "message"):
        if not out[key]:
            raise RuleError("VALIDATION", key, _("This field is required."))
    email = out["email"]
    if email.count("@") != 1 or "." not in email.split("@")[1] or " " in email:
        raise RuleError("VALIDATION", "email", _("Give a valid email address."))
    interest = raw.get("interest") or "other"
    if interest not in INTERESTS:
        raise RuleError("VALIDATION", "interest", _("Choose one of the interests."))
    out["interest"] = interest
    return out


def lead_name(vals):
    return "Website contact: %s (%s)" % (vals["name"], vals["interest"])


def description(vals):
    lines = [vals["message"], "", "Interest: %s" % vals["interest"]]
    if vals["dog_name"]:
        lines.append("Dog: %s" % vals["dog_name"])
    if vals["phone"]:
        lines.append("Phone: %s" % vals["phone"])
    return "\n".join(lines)


def html_description(vals):
    text = description(vals)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return "<p>%s</p>" % escaped.replace("\n", "<br>")
