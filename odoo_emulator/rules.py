"""The addon's booking rules (``odoo_addons/customk9/rules``), loaded from the addon's folder.

The emulator calls the very functions the addon's models call, so a booking rule is written once. The
folder imports nothing from Odoo (only the standard library and its own modules, relatively), so it is
loaded here as a package of its own, ``customk9_rules``, from its file path: importing it as
``odoo_addons.customk9.rules`` would run the addon's ``__init__``, which imports ``odoo``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

PACKAGE = "customk9_rules"
RULES_DIR = Path(__file__).resolve().parent.parent / "odoo_addons" / "customk9" / "rules"


def load() -> ModuleType:
    """The rules package (loaded once per process)."""
    if PACKAGE in sys.modules:
        return sys.modules[PACKAGE]
    spec = importlib.util.spec_from_file_location(
        PACKAGE, RULES_DIR / "__init__.py", submodule_search_locations=[str(RULES_DIR)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"the addon's booking rules are missing from {RULES_DIR}")
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    spec.loader.exec_module(package)
    return package


package = load()
common = importlib.import_module(f"{PACKAGE}.common")
hours = package.hours
sessions = package.sessions
rentals = package.rentals
events = package.events
holds = package.holds
records = package.records
idempotency = package.idempotency
RuleError = common.RuleError
service_requests = package.service_requests
rental_tracking = package.rental_tracking
contact = package.contact


def addon_version() -> str:
    """The addon's version from its manifest, as Odoo records it in ``ir.module.module.latest_version``."""
    import ast

    manifest = ast.literal_eval((RULES_DIR.parent / "__manifest__.py").read_text(encoding="utf-8"))
    return str(manifest["version"])

