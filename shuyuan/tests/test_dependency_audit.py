"""The dependency audit (scripts/audit_dependencies.py, in make test) fails on a known vulnerability that
is not allowed, and never reports "no vulnerabilities" about packages the service could not check."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


def audit_with(tmp_path: Path, dependencies: list[dict] | None) -> subprocess.CompletedProcess[str]:
    """Run the script against a stand-in pip-audit that prints this report (or fails like an unreachable service)."""
    fake = tmp_path / "pip-audit"
    if dependencies is None:
        fake.write_text("#!/bin/sh\necho 'ConnectionError: Failed to resolve api.osv.dev' >&2\nexit 1\n")
    else:
        report = json.dumps({"dependencies": dependencies, "fixes": []})
        fake.write_text(f"#!/bin/sh\ncat <<'EOF'\n{report}\nEOF\n")
    fake.chmod(0o755)
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--pip-audit", str(fake)], capture_output=True, text=True, check=False
    )


def vulnerable(vuln_id: str) -> dict:
    return {"name": "django", "version": "5.2", "vulns": [{"id": vuln_id, "aliases": [], "fix_versions": ["5.2.1"]}]}


def test_a_known_vulnerability_fails_the_audit(tmp_path):
    assert audit_with(tmp_path, [vulnerable("PYSEC-2099-1")]).returncode == 1


def test_clean_dependencies_pass_the_audit(tmp_path):
    assert audit_with(tmp_path, [{"name": "django", "version": "5.2", "vulns": []}]).returncode == 0


def test_packages_the_service_could_not_check_are_not_reported_as_clean(tmp_path):
    skipped = {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    done = audit_with(tmp_path, [{"name": "waitress", "version": "3.0.2", "vulns": []}, skipped])
    assert (done.returncode, "INCOMPLETE" in done.stdout) == (2, True)


def test_an_unreachable_service_is_said_plainly(tmp_path):
    done = audit_with(tmp_path, None)
    assert (done.returncode, "NOT DONE" in done.stdout) == (2, True)
