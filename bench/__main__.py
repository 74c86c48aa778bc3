"""``python -m bench [NAME ...]``: run the named benchmarks (all of them by default), one process each."""

import subprocess
import sys
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(p.parent.name for p in here.glob("*/__main__.py"))


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or available()
    unknown = set(names) - set(available())
    if unknown:
        print(f"unknown benchmarks: {', '.join(sorted(unknown))}; available: {', '.join(available())}")
        return 2
    status = 0
    for name in names:
        print(f"== bench.{name} ==", flush=True)
        status |= subprocess.call([sys.executable, "-m", f"bench.{name}"])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
