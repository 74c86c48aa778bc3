"""Audit the pinned dependencies (the packages installed in .venv from pyproject.toml's pins) for known
vulnerabilities with pip-audit, and say plainly whether the audit could be done at all.

Exit status: 0 when every dependency was checked and none has a known vulnerability outside the
allow-list (scripts/pip-audit-allow.txt); 1 when one has; 2 when the vulnerability service could not
be asked about some dependencies (unreachable, or it does not know the version): then nothing is
proven, and the message says so instead of pip-audit's "No known vulnerabilities found".

    python scripts/audit_dependencies.py [--service pypi|osv] [--pip-audit PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ALLOW_LIST = Path(__file__).with_name("pip-audit-allow.txt")


def allowed() -> dict[str, str]:
    """Vulnerability ids we accept, each with the reason written beside it (``ID  reason``)."""
    entries: dict[str, str] = {}
    for line in ALLOW_LIST.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            vuln_id, _, reason = line.partition(" ")
            if not reason.strip():
                raise SystemExit(f"{ALLOW_LIST}: {vuln_id} has no reason")
            entries[vuln_id] = reason.strip()
    return entries


def audit(pip_audit: str, service: str) -> tuple[dict, str]:
    done = subprocess.run(
        [pip_audit, "--local", "--skip-editable", "--progress-spinner", "off", "--format", "json", "-s", service],
        capture_output=True,
        text=True,
    )
    try:
        return json.loads(done.stdout), done.stderr
    except json.JSONDecodeError:
        return {}, done.stderr or done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--service", default="pypi", choices=["pypi", "osv"])
    parser.add_argument("--pip-audit", default=str(Path(sys.executable).with_name("pip-audit")))
    args = parser.parse_args()
    accepted = allowed()
    report, errors = audit(args.pip_audit, args.service)
    dependencies = report.get("dependencies", [])
    if not dependencies:
        last = errors.strip().splitlines()[-1:] or ["no output"]
        print(f"dependency audit NOT DONE: the {args.service} vulnerability service could not be reached ({last[0]})")
        return 2
    skipped = [d for d in dependencies if "skip_reason" in d]
    found = [(d["name"], d["version"], v) for d in dependencies for v in d.get("vulns", [])]
    unaccepted = [
        (n, ver, v) for n, ver, v in found if v["id"] not in accepted and not set(v["aliases"]) & set(accepted)
    ]
    for name, version, vuln in found:
        status = "allowed" if (name, version, vuln) not in unaccepted else "VULNERABLE"
        print(f"{status}: {name} {version} {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or '—'})")
    audited = len(dependencies) - len(skipped)
    print(
        f"dependency audit ({args.service}): {audited} of {len(dependencies)} packages checked, "
        f"{len(found)} known vulnerabilities, {len(unaccepted)} not on the allow-list"
    )
    if unaccepted:
        return 1
    if skipped:
        print(
            f"dependency audit INCOMPLETE: {len(skipped)} packages could not be checked, e.g. "
            f"{skipped[0]['skip_reason']}. Nothing is proven about them: run `make audit` on a machine that "
            "reaches the service (pypi.org's per-version JSON, or api.osv.dev with SERVICE=osv)."
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
