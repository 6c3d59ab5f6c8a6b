"""Types of the personal-data export (``exportMyData``)."""

from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type(description="Where to download everything the account holds in CustomK9, as JSON.")
class DataExport:
    url: str = strawberry.field(description="A link to GET with the same `Authorization: Bearer` token. It works "
                                            "for this account only and until `expiresAt`.")
    expires_at: datetime = strawberry.field(description="When the link stops working.")
