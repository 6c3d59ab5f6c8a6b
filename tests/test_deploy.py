"""The container files agree with the BFF they run: every setting compose.yaml gives the BFF is a documented
setting, its command uses options ``bff serve`` has, the image runs as a non-root user with a health check,
and the Odoo configuration has what ``bff odoo check`` asks for. (No Docker daemon runs in CI: the files were
also validated with ``docker-compose config``, see docs/operations.md.)"""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _documented_settings() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"`((?:ODOO|BFF|REDIS|OTEL)_[A-Z0-9_]+)`", readme))


def test_compose_gives_the_bff_only_documented_settings_and_real_options() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    bff = compose["services"]["bff"]
    unknown = set(bff["environment"]) - _documented_settings()
    assert unknown == set(), f"compose.yaml sets settings the README does not document: {unknown}"
    help_text = subprocess.run([sys.executable, "-m", "bff.cli", "serve", "--help"], capture_output=True, text=True,
                               cwd=ROOT, check=True).stdout
    for option in (arg for arg in bff["command"] if arg.startswith("--")):
        assert option in help_text, f"bff serve has no {option}"
    assert set(compose["services"]) == {"db", "odoo", "redis", "bff"}
    assert "./odoo_addons:/mnt/extra-addons:ro" in compose["services"]["odoo"]["volumes"]
    published = [p for service in compose["services"].values() for p in service.get("ports", [])]
    assert all(p.startswith("127.0.0.1:") for p in published), published


def test_the_image_runs_as_a_non_root_user_with_a_health_check() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    final_stage = dockerfile.rsplit("\nFROM ", 1)[1]
    users = re.findall(r"^USER (\S+)", final_stage, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "HEALTHCHECK" in final_stage and "/healthz" in final_stage
    assert re.search(r'^CMD \["bff", "serve"', final_stage, re.M)


def test_the_odoo_configuration_has_what_bff_odoo_check_asks_for() -> None:
    conf = configparser.ConfigParser()
    conf.read(ROOT / "deploy" / "odoo.conf")
    options = conf["options"]
    assert options["list_db"] == "False" and options["dbfilter"] == "^customk9$"
    assert int(options["max_cron_threads"]) >= 1 and options["without_demo"] == "all"
    assert options["proxy_mode"] == "True"
