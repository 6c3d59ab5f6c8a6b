"""The viewer: who a GraphQL operation runs for, as the access token says."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Role(enum.Enum):
    """What an account may reach (``bff.policy`` has the table). A manager is a trainer who sees every
    client (the addon's "CustomK9 Manager" group), not an Odoo administrator."""

    ANONYMOUS = "anonymous"
    CLIENT = "client"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"


@dataclass(frozen=True)
class Viewer:
    """An authenticated Odoo user, or nobody (``ANONYMOUS``).

    ``commercial_partner_id`` owns the client's data (their company, or their own partner): resolvers filter
    client records on it, never on ``partner_id``. ``session_id`` (the sign-in), ``token_id`` and
    ``expires_at`` (epoch seconds) come from the access token, so that a long-lived subscription can end
    when its token expires or is revoked (``AuthService.token_active``).
    """

    role: Role
    user_id: int | None = None
    partner_id: int | None = None
    commercial_partner_id: int | None = None
    name: str | None = None
    login: str | None = None
    # What the token says about itself: not part of who the viewer is (equal viewers, different tokens).
    session_id: str | None = field(default=None, compare=False)
    token_id: str | None = field(default=None, compare=False)
    expires_at: float | None = field(default=None, compare=False)

    @property
    def is_authenticated(self) -> bool:
        return self.role is not Role.ANONYMOUS and self.user_id is not None

    @property
    def is_client(self) -> bool:
        return self.is_authenticated and self.role is Role.CLIENT

    @property
    def is_trainer(self) -> bool:
        return self.is_authenticated and self.role is Role.TRAINER

    @property
    def is_manager(self) -> bool:
        return self.is_authenticated and self.role is Role.MANAGER

    @property
    def is_staff(self) -> bool:
        """Trainers, managers and administrators: who may use the staff fields."""
        return self.is_authenticated and self.role in (Role.TRAINER, Role.MANAGER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.is_authenticated and self.role is Role.ADMIN


ANONYMOUS = Viewer(Role.ANONYMOUS)
