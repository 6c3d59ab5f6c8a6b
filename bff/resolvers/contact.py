"""The public contact form: ``submitContactRequest`` becomes a CRM lead (or a mail to the company without CRM).

Abuse guards, in order, before Odoo is asked anything:

1. **Honeypot.** ``website`` is a field people never see (the frontend hides it with CSS, not ``type=hidden``,
   and labels it "leave empty"); bots fill every field. A filled honeypot gets the very same success answer as
   a real request (so a bot learns nothing), but nothing is created and nothing is counted.
2. **Rate limits** per client address and per email (``BFF_CONTACT_RATE_PER_ADDRESS`` /
   ``..._PER_EMAIL``, the ``limits`` library as for sign-up): past them, ``RATE_LIMITED`` with
   ``retryAfterSeconds``.
3. **Values** are checked by the addon's rule (``rules/contact.py``): VALIDATION on the field at fault.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.rate_limits import RateLimited
from bff.booking import booking
from bff.context import Info
from bff.permissions import IsPublic
from bff.schema.arguments import Arg
from bff.schema.mutation_error import MutationError, Refused
from bff.text_input import max_length

INTERESTS = ("TRAINING", "BEHAVIOUR", "BOARDING", "EVENTS", "RENTAL", "OTHER")


@strawberry.input(description="The public contact form.")
class ContactRequestInput:
    name: str = strawberry.field(description="Their name (1 to 128 characters).", metadata=max_length(128))
    email: str = strawberry.field(description="Where to answer (at most 254 characters).", metadata=max_length(254))
    message: str = strawberry.field(description="What they need (1 to 5000 characters).", metadata=max_length(5000))
    phone: str | None = strawberry.field(default=None, description="Phone (at most 32 characters).",
                                         metadata=max_length(32))
    dog_name: str | None = strawberry.field(default=None, description="Their dog's name (at most 64 characters).",
                                            metadata=max_length(64))
    interest: str | None = strawberry.field(default=None, description="One of TRAINING, BEHAVIOUR, BOARDING, "
                                                                      "EVENTS, RENTAL, OTHER (default OTHER).",
                                            metadata=max_length(16))
    website: str | None = strawberry.field(default=None, description="Honeypot: keep this field hidden from people "
                                                                     "and empty. A filled one is answered as a "
                                                                     "success but nothing is recorded.",
                                           metadata=max_length(256))


@strawberry.type(description="The answer to `submitContactRequest`.")
class ContactRequestPayload:
    ok: bool = strawberry.field(description="True when the request was received.")
    retry_after_seconds: int | None = strawberry.field(default=None, description="With RATE_LIMITED: seconds to "
                                                                                 "wait before trying again.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not received; empty on success.")


_FIELDS = {"dog_name": "dogName"}


@strawberry.type
class ContactMutations:
    @strawberry.mutation(description="Public: send the contact form. Becomes a lead in Odoo's CRM (or a mail to the "
                                     "company when CRM is not installed). Rate limited per address and email.",
                         permission_classes=[IsPublic])
    async def submit_contact_request(
        self, info: Info, input: Annotated[ContactRequestInput, Arg("The form.")],
    ) -> ContactRequestPayload:
        if input.website:
            return ContactRequestPayload(ok=True)
        interest = (input.interest or "OTHER").upper()
        if interest not in INTERESTS:
            return ContactRequestPayload(ok=False, errors=[
                Refused("VALIDATION", "Choose one of the interests.", "interest").error])
        auth = info.context.auth
        try:
            if auth is not None:
                await auth.limits.contact(info.context.client_address, input.email)
            await booking(info, "submit_contact_request", [{
                "name": input.name, "email": input.email, "phone": input.phone or "", "message": input.message,
                "dog_name": input.dog_name or "", "interest": interest.lower()}])
        except RateLimited as limited:
            return ContactRequestPayload(ok=False, retry_after_seconds=int(limited.retry_after_s + 0.999), errors=[
                Refused("RATE_LIMITED", "Too many requests; try again later.").error])
        except Refused as refused:
            field = refused.error.field
            refused.error.field = _FIELDS.get(field or "", field)
            return ContactRequestPayload(ok=False, errors=[refused.error])
        return ContactRequestPayload(ok=True)
