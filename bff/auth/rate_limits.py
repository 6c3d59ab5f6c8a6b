"""Rate limits of the account mutations that cost Odoo work or send mail: ``signUp`` and ``requestPasswordReset``.

Each is limited per client address and per target email, in a moving window, with the ``limits`` library
(memory storage in one process; its Redis storage when several processes must share the counts):

    signUp                  BFF_SIGNUP_RATE_PER_ADDRESS (10/hour)   BFF_SIGNUP_RATE_PER_EMAIL (5/hour)
    requestPasswordReset    BFF_RESET_RATE_PER_ADDRESS (20/hour)    BFF_RESET_RATE_PER_EMAIL (5/hour)
    submitContactRequest    BFF_CONTACT_RATE_PER_ADDRESS (5/hour)   BFF_CONTACT_RATE_PER_EMAIL (3/hour)

The address is hit first, so that a caller who spends their own budget cannot spend a victim's email budget
as well. A limited request raises ``RateLimited`` before anything reaches Odoo: no account, no mail. The
per-email count does not depend on whether an account exists, so it tells nobody that it does.
"""

from __future__ import annotations

import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter


class RateLimited(Exception):
    """Too many requests of this kind; ``retry_after_s`` says when the oldest counted one leaves the window."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"rate limited, retry after {retry_after_s:.0f} s")
        self.retry_after_s = retry_after_s


def parse_rate(text: str, setting: str) -> RateLimitItem:
    """A rate such as ``5/hour`` or ``20 per 10 minutes`` (the ``limits`` notation); ``ValueError`` names the
    setting when the text is not one."""
    try:
        return parse(text)
    except ValueError as exc:
        raise ValueError(f"{setting} must be a rate such as '5/hour', got {text!r}") from exc


class AccountRateLimits:
    """The per-address and per-email budgets of sign-up and password reset."""

    def __init__(self, *, sign_up_per_address: str = "10/hour", sign_up_per_email: str = "5/hour",
                 reset_per_address: str = "20/hour", reset_per_email: str = "5/hour",
                 contact_per_address: str = "5/hour", contact_per_email: str = "3/hour",
                 storage: Storage | None = None) -> None:
        self.sign_up_per_address = parse_rate(sign_up_per_address, "BFF_SIGNUP_RATE_PER_ADDRESS")
        self.sign_up_per_email = parse_rate(sign_up_per_email, "BFF_SIGNUP_RATE_PER_EMAIL")
        self.reset_per_address = parse_rate(reset_per_address, "BFF_RESET_RATE_PER_ADDRESS")
        self.reset_per_email = parse_rate(reset_per_email, "BFF_RESET_RATE_PER_EMAIL")
        self.contact_per_address = parse_rate(contact_per_address, "BFF_CONTACT_RATE_PER_ADDRESS")
        self.contact_per_email = parse_rate(contact_per_email, "BFF_CONTACT_RATE_PER_EMAIL")
        self.limiter = MovingWindowRateLimiter(storage if storage is not None else MemoryStorage())

    async def sign_up(self, address: str, email: str) -> None:
        """Count one sign-up, or raise ``RateLimited``."""
        await self._hit(self.sign_up_per_address, "signup-address", address)
        await self._hit(self.sign_up_per_email, "signup-email", email)

    async def password_reset(self, address: str, email: str) -> None:
        """Count one reset request, or raise ``RateLimited``."""
        await self._hit(self.reset_per_address, "reset-address", address)
        await self._hit(self.reset_per_email, "reset-email", email)

    async def contact(self, address: str, email: str) -> None:
        """Count one contact request (the public form that creates a lead), or raise ``RateLimited``."""
        await self._hit(self.contact_per_address, "contact-address", address)
        await self._hit(self.contact_per_email, "contact-email", email)

    async def _hit(self, item: RateLimitItem, kind: str, who: str) -> None:
        who = who.strip().lower()[:256]
        if await self.limiter.hit(item, kind, who):
            return
        stats = await self.limiter.get_window_stats(item, kind, who)
        raise RateLimited(max(1.0, stats.reset_time - time.time()))
