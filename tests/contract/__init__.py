"""Contract tests: Odoo 18 behaviour the BFF relies on, run against the emulator or a real Odoo."""
