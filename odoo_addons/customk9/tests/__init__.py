# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import test_access
from . import test_bus
from . import test_rental
from . import test_booking
from . import test_booking_sessions
from . import test_booking_events
from . import test_booking_rentals
from . import test_booking_staff
from . import test_rules
from . import test_payments
from . import test_service_requests
from . import test_account_deletion
