# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import customk9_bus
from . import customk9_ops
from . import customk9_dog
from . import project
from . import calendar_event
from . import event_registration
from . import sale_order
from . import product_template
from . import res_users
from . import res_partner
from . import customk9_idempotency
from . import customk9_booking
from . import customk9_booking_sessions
from . import customk9_booking_events
from . import customk9_booking_rentals
from . import customk9_booking_staff
