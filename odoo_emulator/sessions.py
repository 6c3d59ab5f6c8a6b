"""Web sessions of the emulator: ``session_id`` cookie -> user, kept in memory.

Odoo 18 behaviour reproduced here (see protocol.md, "Sessions and cookies"):

* a session id is 84 URL-safe characters;
* any ``/web/...`` JSON request that arrives without a known session gets a fresh anonymous one (and its cookie);
* ``/web/session/authenticate`` rotates the id: the old id is forgotten, so a client that kept it gets code 100;
* ``/web/session/destroy`` forgets the session and hands out a new anonymous one;
* the cookie is ``session_id=<sid>; Expires=<now + 7 days>; Max-Age=604800; HttpOnly; Path=/`` with no
  ``SameSite`` and no ``Secure`` attribute.

A real Odoo stores every session it creates as a file that only its own garbage collection removes, so
``created`` (and ``created_logged_in``) count the sessions ever created: tests use them to prove that the
BFF's log-in paths, which go through the stateless ``/jsonrpc``, leave no session behind.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from email.utils import formatdate

SESSION_COOKIE = "session_id"
SESSION_MAX_AGE = 604800  # seconds, as sent by Odoo 18


@dataclass
class Session:
    sid: str
    uid: int | None = None
    login: str | None = None
    db: str | None = None
    created_at: float = 0.0
    token: str | None = None  # Database.session_token at login: a password change expires the session
    data: dict = field(default_factory=dict)  # session values the ORM keeps (identity-check-last)

    @property
    def is_authenticated(self) -> bool:
        return self.uid is not None


class SessionStore:
    """All live sessions of one emulator, by session id."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self.created = 0  # every session ever created, anonymous ones included
        self.created_logged_in = 0  # those created by a log-in

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        return self._sessions.get(sid)

    def new(self, uid: int | None = None, login: str | None = None, db: str | None = None) -> Session:
        sid = secrets.token_urlsafe(63)  # 84 characters, like Odoo's
        while sid in self._sessions:  # pragma: no cover - astronomically unlikely
            sid = secrets.token_urlsafe(63)
        session = Session(sid=sid, uid=uid, login=login, db=db, created_at=time.time())
        self._sessions[sid] = session
        self.created += 1
        self.created_logged_in += uid is not None
        return session

    def destroy(self, sid: str | None) -> None:
        if sid:
            self._sessions.pop(sid, None)

    def rotate(self, old_sid: str | None, uid: int, login: str, db: str) -> Session:
        """Forget ``old_sid`` (if any) and return a new session logged in as ``uid``."""
        self.destroy(old_sid)
        return self.new(uid=uid, login=login, db=db)

    def clear(self) -> None:
        """Forget every session, as an Odoo restart with a wiped session store does."""
        self._sessions.clear()

    def destroy_user(self, uid: int) -> int:
        """Forget every session of ``uid`` (e.g. when a test deactivates a user); returns how many."""
        doomed = [sid for sid, s in self._sessions.items() if s.uid == uid]
        for sid in doomed:
            del self._sessions[sid]
        return len(doomed)


def session_cookie_header(sid: str, now: float | None = None) -> str:
    """The exact ``Set-Cookie`` value Odoo 18 sends for a session id."""
    expires = formatdate((now if now is not None else time.time()) + SESSION_MAX_AGE, usegmt=True)
    return f"{SESSION_COOKIE}={sid}; Expires={expires}; Max-Age={SESSION_MAX_AGE}; HttpOnly; Path=/"
