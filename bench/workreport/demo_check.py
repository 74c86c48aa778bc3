"""Check DESIGN.md section 7's table against the reports of a full-size demo database:

    SHUYUAN_VAR=… DATABASE_URL=… python -m bench.workreport.demo_check

(the suite checks the small profile; this is the same check on ``shuyuan demo`` without ``--small``)."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")


def main() -> int:
    import django

    django.setup()
    from django.utils import translation

    from shuyuan.workreport import documents
    from shuyuan.workreport.tests.test_demo_report import FIRST_HALF, FULL, TO_JUNE_12, TO_OPENING, check_seed_table

    with translation.override("zh-hans"):
        made = {period: documents.make(period) for period in (TO_JUNE_12, FIRST_HALF, TO_OPENING)}
    failed = check_seed_table(made, FULL)
    for period, files in made.items():
        c = files.content
        print(f"{period}: cards {c.new_readers}, visits {c.visits}, loans+returns {c.loans_and_returns}, "
              f"bought {c.volumes_bought}, periodicals {c.periodical_titles}, local {c.local_kinds}/{c.local_volumes}, "
              f"activities {len(c.activities)}, openings {[(o.visits, o.loans) for o in c.openings]}")  # fmt: skip
    print("every row of DESIGN.md section 7 comes out" if not failed else "rows that fail:\n  " + "\n  ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
