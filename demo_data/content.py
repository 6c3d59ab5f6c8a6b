"""The CustomK9 demo content that ``demo_data.seed`` writes into Odoo. Dates are offsets from the seeding day."""

from __future__ import annotations

DEMO_PASSWORD = "demo"

CLIENTS = [
    {"name": "Dana Whitfield", "login": "dana@customk9.demo", "phone": "+1 555 0101", "city": "Portland"},
    {"name": "Omar Haddad", "login": "omar@customk9.demo", "phone": "+1 555 0102", "city": "Portland"},
    {"name": "Lea Novak", "login": "lea@customk9.demo", "phone": "+1 555 0103", "city": "Beaverton"},
]
TRAINERS = [
    {"name": "Tess Trainer", "login": "trainer@customk9.demo"},
    {"name": "Marco Ruiz", "login": "marco@customk9.demo"},
]
# Managers (the addon's "CustomK9 Manager" group, a trainer who sees every client); needs the addon.
MANAGERS = [
    {"name": "Nina Park", "login": "manager@customk9.demo"},
]

EVENT_CATEGORIES = ["Workshop", "Group class", "Social walk"]
TAG_GROUPS = {"Level": ["Beginner", "Intermediate", "Advanced"], "Setting": ["Indoor", "Outdoor"]}

# (name, category, tags, start day offset, start hour UTC, hours, seats max or None, tickets, registrations)
# tickets: (name, price, seats max or None); registrations: how many seats already taken.
EVENTS: list[tuple[str, str, list[str], int, int, int, int | None, list[tuple[str, float, int | None]], int]] = [
    ("Puppy Foundations Workshop", "Workshop", ["Beginner", "Indoor"], 5, 17, 2, 12,
     [("Standard", 45.0, None), ("Early bird", 35.0, 4)], 3),
    ("Loose-Leash Walking Clinic", "Workshop", ["Intermediate", "Outdoor"], 9, 16, 3, 10,
     [("Standard", 60.0, None)], 2),
    ("Reactive Dog Seminar", "Workshop", ["Advanced", "Indoor"], 16, 17, 4, 4,
     [("Standard", 120.0, None)], 4),  # sold out
    ("Recall Masterclass", "Workshop", ["Intermediate", "Outdoor"], 23, 15, 3, 16,
     [("Standard", 55.0, None), ("Spectator", 0.0, 6)], 1),
    ("Beginner Obedience (6 weeks)", "Group class", ["Beginner", "Indoor"], 3, 18, 1, 8,
     [("Full course", 240.0, None)], 5),
    ("Agility Starter Class", "Group class", ["Beginner", "Outdoor"], 12, 16, 2, 8,
     [("Full course", 180.0, None)], 2),
    ("Canine Good Citizen Prep", "Group class", ["Intermediate", "Indoor"], 20, 18, 2, 10,
     [("Full course", 210.0, None)], 0),
    ("Advanced Off-Leash Class", "Group class", ["Advanced", "Outdoor"], 34, 16, 2, 6,
     [("Full course", 260.0, None)], 1),
    ("Sunday Pack Walk", "Social walk", ["Beginner", "Outdoor"], 6, 16, 2, None,
     [("Free", 0.0, None)], 4),
    ("Beach Day Social", "Social walk", ["Intermediate", "Outdoor"], 27, 17, 3, 30,
     [("Free", 0.0, None)], 6),
    ("Holiday Costume Parade", "Social walk", ["Beginner", "Outdoor"], 41, 18, 2, 40,
     [("Free", 0.0, None), ("Costume contest", 10.0, 15)], 3),
    ("Autumn Trail Walk", "Social walk", ["Intermediate", "Outdoor"], -20, 16, 3, 20,
     [("Free", 0.0, None)], 7),  # in the past
]

RENTAL_CATEGORY = "Rental Equipment"
DEPOSITS = {"K9-CRATE-M": 40.0, "K9-CRATE-L": 60.0, "K9-PEN": 50.0, "K9-AGIL": 150.0, "K9-RAMP": 80.0,
            "K9-CRATE-S": 30.0}
# (reference, name, daily price, units owned, description); deposits below need the addon
EQUIPMENT = [
    ("K9-CRATE-M", "Travel crate (medium)", 6.0, 8, "Airline-approved plastic crate for dogs up to 20 kg."),
    ("K9-CRATE-L", "Travel crate (large)", 8.0, 5, "Airline-approved plastic crate for dogs up to 40 kg."),
    ("K9-PEN", "Exercise pen, 8 panels", 5.0, 6, "Foldable metal pen, 80 cm high, indoor or outdoor."),
    ("K9-AGIL", "Agility starter set", 15.0, 3, "Tunnel, four weave poles, two jumps and a pause table."),
    ("K9-RAMP", "Car ramp", 7.0, 4, "Telescopic ramp for senior or injured dogs, up to 90 kg."),
    ("K9-CRATE-S", "Soft crate (small)", 4.0, 1, "Collapsible fabric crate for small dogs and puppies."),
]

BLOGS = [("Training Tips", "How-tos from our trainers"), ("Pack News", "What is happening at CustomK9")]
BLOG_TAGS = ["puppies", "recall", "leash", "agility", "health", "events"]
PARAGRAPH = ("<p>Short, frequent sessions beat long ones. Keep rewards ready, end on a success and give your "
              "dog time to rest. Consistency across the whole family matters more than any single trick, "
              "and every dog learns at its own pace, so celebrate the small wins along the way.</p>")
# (blog, title, subtitle, tags, day offset, published, paragraphs)
POSTS = [
    ("Training Tips", "Five rules for a reliable recall", "Come means come, every time", ["recall"], -40, True, 6),
    ("Training Tips", "Crate training without tears", "Make the crate a happy place", ["puppies"], -35, True, 4),
    ("Training Tips", "Loose-leash walking in three weeks", "", ["leash"], -30, True, 8),
    ("Training Tips", "Your puppy's first month", "Sleep, play, learn", ["puppies", "health"], -24, True, 5),
    ("Training Tips", "Agility at home", "Safe games for the living room", ["agility"], -18, True, 3),
    ("Training Tips", "Reading your dog's body language", "", ["health"], -12, True, 7),
    ("Pack News", "New agility field opens", "Our outdoor field is ready", ["agility", "events"], -9, True, 2),
    ("Pack News", "Meet our new trainer, Marco", "", ["events"], -4, True, 2),
    ("Pack News", "Winter schedule (draft)", "Not ready yet", ["events"], -1, False, 2),
    ("Training Tips", "Advanced scent work (draft)", "", ["health"], -1, False, 3),
]

PLAN_STAGES = [("To do", 1, False), ("In progress", 2, False), ("Done", 3, True)]
# (client index, trainer index, plan name, start day offset, weeks, tasks as (name, stage index, deadline day))
PLANS = [
    (0, 0, "Rex: basic obedience", -21, 8,
     [("Sit and down on cue", 2, -14), ("Loose-leash walking", 1, 7), ("Recall at the park", 0, 21),
      ("Settle on a mat", 0, 28)]),
    (0, 1, "Luna: puppy foundations", -7, 6,
     [("Name recognition", 2, -2), ("Crate routine", 1, 5), ("Gentle handling", 0, 14)]),
    (1, 0, "Bruno: reactivity plan", -14, 10,
     [("Threshold distance log", 2, -7), ("Look-at-that game", 1, 10), ("Parallel walks", 0, 30)]),
    (2, 1, "Maya: agility beginnings", 0, 6,
     [("Tunnel confidence", 0, 7), ("Contact zones", 0, 21)]),
]
# Working hours of the trainers (the company's calendar), read in the venue's time zone as Odoo reads them.
TIME_ZONE = "America/Los_Angeles"
WORKING_HOURS = "CustomK9 Training Center hours"
WORK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WORK_PERIODS = [("morning", 8.0, 12.0), ("afternoon", 13.0, 17.0)]
# (client index, trainer index, title, day offset, hour UTC, minutes)
SESSIONS = [
    (0, 0, "Obedience session: Rex", -14, 17, 60), (0, 0, "Obedience session: Rex", -7, 17, 60),
    (0, 0, "Obedience session: Rex", 2, 17, 60), (0, 1, "Puppy session: Luna", 4, 16, 45),
    (1, 0, "Reactivity session: Bruno", -3, 18, 60), (1, 0, "Reactivity session: Bruno", 8, 18, 60),
    (2, 1, "Agility session: Maya", 6, 15, 90),
]

# The CustomK9 addon's part: the integration account, dogs, plan/session links, rentals and documents.
INTEGRATION_LOGIN = "bff@customk9.demo"
INTEGRATION_PASSWORD = "bff"
# (client index, name, breed, birth date, sex, weight kg, notes)
DOGS = [
    (0, "Rex", "German Shepherd", "2022-04-12", "male", 34.0, "Pulls on the leash near other dogs."),
    (0, "Luna", "Border Collie", "2025-06-03", "female", 14.5, "Puppy, very food motivated."),
    (1, "Bruno", "Boxer", "2021-09-20", "male", 30.0, "Reactive to bicycles."),
    (2, "Maya", "Australian Shepherd", "2023-02-14", "female", 19.0, ""),
]
# plan name -> dog name (the plans above belong to these dogs)
PLAN_DOGS = {"Rex: basic obedience": "Rex", "Luna: puppy foundations": "Luna",
             "Bruno: reactivity plan": "Bruno", "Maya: agility beginnings": "Maya"}
TEMPLATE_PLAN = ("Template: 6-week obedience", ["Sit and down", "Loose-leash walking", "Recall", "Stay"])
# (client index, [(equipment reference, quantity)], start day, days, confirmed)
RENTALS = [
    (0, [("K9-CRATE-M", 1), ("K9-PEN", 1)], -2, 7, True),
    (0, [("K9-RAMP", 1)], -40, 5, True),
    (1, [("K9-AGIL", 1)], 3, 2, True),
]
# (client index, kind, dog name or None, message, trainer login who replied or None, reply)
SERVICE_REQUESTS = [
    (0, "behaviour", "Rex", "Rex lunges at other dogs on our evening walks. Can we get help with that?",
     "trainer@customk9.demo", "Yes: let's start with a consultation. Which evening suits you?"),
    (2, "boarding", "Maya", "We travel for a week in August; could Maya board with you?", None, ""),
]
# The event_crm lead rule the demo data sets up where event_crm is installed (the guide's "event lead" setting):
# one lead per attendee as soon as a registration is created; Odoo updates that lead when the registration changes.
EVENT_LEAD_RULE = {"name": "CustomK9: event attendees", "lead_creation_basis": "attendee",
                   "lead_creation_trigger": "create", "lead_type": "lead"}
# (record kind, owner: client index or dog name or plan name, file name, text)
DOCUMENTS: list[tuple[str, str | int, str, str]] = [
    ("dog", "Rex", "rex-vaccination-record.txt", "Rabies: valid until 2027-04. DHPP: valid until 2027-04."),
    ("plan", "Rex: basic obedience", "rex-week-3-notes.txt", "Good progress on sit/down; practise daily."),
    ("client", 0, "training-agreement-dana.txt", "Training agreement between CustomK9 and Dana Whitfield."),
    ("dog", "Bruno", "bruno-behaviour-assessment.txt", "Threshold distance to bicycles: about 15 m."),
]
# Membership plans (Odoo's membership module): (name, price, months from the seeding day, description)
MEMBERSHIP_PLANS = [
    ("CustomK9 Club: 12 months", 120.0, 12, "Members' prices on workshops and rentals, monthly pack walks."),
    ("CustomK9 Club: 6 months", 70.0, 6, "The club for half a year."),
]
