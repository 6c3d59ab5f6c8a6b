"""mail: followers and messages of the mail.thread models.

``mail.followers`` is hand-written (not recorded) with Odoo 18's field names (res_model, res_id,
partner_id, subtype_ids reduced away). Every recorded model that has ``message_follower_ids`` is a
mail.thread: its creator is subscribed on create (as Odoo does unless ``mail_create_nosubscribe``),
``message_partner_ids`` is computed and searchable (record rules of portal users rely on it), and
``message_subscribe`` / ``message_unsubscribe`` / ``message_post`` are callable over RPC.
"""

from __future__ import annotations

from typing import Any

from ..fields import Field
from .registry import ModelDef, Registry


def followers_of(db: Any, model: str, rec_id: int) -> list[int]:
    return [
        fid
        for fid, row in db.tables.get("mail.followers", {}).items()
        if row.get("res_model") == model and row.get("res_id") == rec_id
    ]


def follower_partners(db: Any, model: str, rec_id: int) -> list[int]:
    rows = db.tables.get("mail.followers", {})
    return [rows[f]["partner_id"] for f in followers_of(db, model, rec_id) if rows[f].get("partner_id")]


def subscribe(db: Any, model: str, ids: list[int], partner_ids: list[int]) -> None:
    for rec_id in ids:
        present = set(follower_partners(db, model, rec_id))
        for pid in partner_ids or []:
            if pid and pid not in present and db.exists("res.partner", pid):
                db.create_record("mail.followers", {"res_model": model, "res_id": rec_id, "partner_id": pid})
                present.add(pid)


def unsubscribe(db: Any, model: str, ids: list[int], partner_ids: list[int]) -> None:
    rows = db.tables.get("mail.followers", {})
    doomed = [
        f for rec_id in ids for f in followers_of(db, model, rec_id) if rows[f].get("partner_id") in partner_ids
    ]
    if doomed:
        db.unlink_records("mail.followers", doomed)


def make_thread(mdef: ModelDef) -> None:
    model = mdef.name
    mdef.mail_thread = True
    mdef.set(
        "message_follower_ids",
        type="one2many",
        relation="mail.followers",
        compute=lambda db, rec: followers_of(db, model, rec["id"]),
        copy=False,
    )
    mdef.set(
        "message_partner_ids",
        type="many2many",
        relation="res.partner",
        store=False,
        compute=lambda db, rec: follower_partners(db, model, rec["id"]),
        search_by_value=True,
    )
    mdef.set(
        "message_ids",
        type="one2many",
        relation="mail.message",
        copy=False,
        compute=lambda db, rec: sorted(
            (
                mid
                for mid, row in db.tables.get("mail.message", {}).items()
                if row.get("model") == model and row.get("res_id") == rec["id"]
            ),
            reverse=True,
        ),
    )
    if "message_is_follower" in mdef.fields:
        mdef.fields["message_is_follower"].compute = lambda db, rec: False

    def after_create(db: Any, uid: int, rec_id: int, vals: dict) -> None:
        partner = db.user_partner_id(uid) if db.exists("res.users", uid) else False
        if partner:
            subscribe(db, model, [rec_id], [partner])

    mdef.after_create.append(after_create)

    @mdef.method("message_subscribe", access="read")
    def message_subscribe(
        db: Any,
        uid: int,
        ids: list[int],
        partner_ids: list[int] | None = None,
        subtype_ids: list[int] | None = None,
    ) -> bool:
        subscribe(db, model, ids, list(partner_ids or []))
        return True

    @mdef.method("message_unsubscribe", access="read")
    def message_unsubscribe(db: Any, uid: int, ids: list[int], partner_ids: list[int] | None = None) -> bool:
        unsubscribe(db, model, ids, list(partner_ids or []))
        return True

    @mdef.method("message_post", access="read")
    def message_post(
        db: Any,
        uid: int,
        ids: list[int],
        body: str = "",
        subject: str | bool = False,
        message_type: str = "notification",
        subtype_xmlid: str | None = None,
        partner_ids: list[int] | None = None,
        author_id: int | None = None,
        attachment_ids: list[int] | None = None,
        **_: Any,
    ) -> int | list[int]:
        out = [
            post(db, uid, model, rec_id, body, subject=subject, message_type=message_type,
                 subtype_xmlid=subtype_xmlid, partner_ids=partner_ids, author_id=author_id,
                 attachment_ids=attachment_ids)
            for rec_id in ids
        ]
        return out[0] if len(out) == 1 else out


def post(
    db: Any,
    uid: int,
    model: str,
    rec_id: int,
    body: str,
    *,
    subject: str | bool = False,
    message_type: str = "notification",
    subtype_xmlid: str | None = None,
    partner_ids: list[int] | None = None,
    author_id: int | None = None,
    attachment_ids: list[int] | None = None,
) -> int:
    """``mail.thread.message_post``: the author is ``author_id`` or the user's partner; without a subtype the
    message is a note (``mail.mt_note``, internal), as Odoo 18 defaults it. Of ``attachment_ids``, those still
    pending in a composer (``res_model`` ``mail.compose.message``, ``res_id`` 0) and created by the caller are
    moved onto the record, as ``_process_attachments_for_post`` does; others keep their ``res_model``/``res_id``."""
    pending = [
        a for a in attachment_ids or []
        if db.value("ir.attachment", a, "res_model") == "mail.compose.message"
        and not db.value("ir.attachment", a, "res_id") and db.value("ir.attachment", a, "create_uid") == uid
    ]
    if pending:
        db.write_records("ir.attachment", pending, {"res_model": model, "res_id": rec_id})
    author = author_id or (db.user_partner_id(uid) if db.exists("res.users", uid) else False)
    subtype = db.xmlid_to_res_id(subtype_xmlid or "mail.mt_note")
    return db.create_record(
        "mail.message",
        {
            "model": model,
            "res_id": rec_id,
            "body": body or "",
            "subject": subject or False,
            "message_type": message_type,
            "subtype_id": subtype or False,
            "author_id": author,
            "date": db.now_str(),
            "partner_ids": [(6, 0, list(partner_ids or []))],
            "attachment_ids": [(6, 0, list(attachment_ids or []))],
            "record_name": db.display_name(model, rec_id) or False,
        },
        uid,
    )


def seed(db: Any, make: Any) -> None:
    """The two subtypes of Odoo's mail data that message_post uses: public comments and internal notes."""
    make(db, "mail.message.subtype", "mail.mt_comment", {"name": "Discussions", "internal": False, "sequence": 0})
    make(db, "mail.message.subtype", "mail.mt_note", {"name": "Note", "internal": True, "sequence": 100})


def _cleanup(db: Any, model: str, ids: list[int]) -> None:
    """Followers and messages of deleted records go with them."""
    if model in ("mail.followers", "mail.message"):
        return
    doomed = set(ids)
    for table in ("mail.followers", "mail.message"):
        stale = [
            i
            for i, row in db.tables.get(table, {}).items()
            if row.get("res_model" if table == "mail.followers" else "model") == model
            and row.get("res_id") in doomed
        ]
        if stale:
            db.unlink_records(table, stale)


def setup(reg: Registry) -> None:
    reg.define(
        "mail.followers",
        "Document Followers",
        {
            "res_model": ("char", {"required": True}),
            "res_id": ("many2one_reference",),
            "partner_id": ("many2one", "res.partner", {"ondelete": "cascade"}),
            "name": Field(name="name", type="char", store=False),
            "email": Field(name="email", type="char", store=False),
            "is_active": Field(name="is_active", type="boolean", store=False),
        },
    )
    reg.define(
        "mail.message.subtype",
        "Message subtypes",
        {
            "name": ("char", {"required": True}),
            "internal": ("boolean",),
            "default": ("boolean", {"default": True}),
            "sequence": ("integer", {"default": 1}),
        },
    )
    f = reg["mail.followers"]
    f.rec_name = "name"
    f.fields["name"].compute = lambda db, rec: db.display_name("res.partner", rec.get("partner_id")) or False
    f.fields["email"].compute = lambda db, rec: db.value("res.partner", rec.get("partner_id"), "email")
    f.fields["is_active"].compute = lambda db, rec: True
    msg = reg["mail.message"]
    msg.order = "id desc"
    msg.rec_name = "record_name"
    msg.set("message_type", default="comment")
    msg.set("date", default=lambda db, vals: db.now_str())
    msg.set("child_ids", inverse_name="parent_id")
    for mdef in list(reg.models.values()):
        if "message_follower_ids" in mdef.fields and mdef.name not in ("mail.followers", "mail.message"):
            make_thread(mdef)
    reg.unlink_listeners.append(_cleanup)
