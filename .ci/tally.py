"""Sum the test counts of every runner .ci/run used into one line: ``N passed, N failed, N skipped``.

Each pytest run leaves a JUnit XML file in the tally folder; every other check (a worker round trip,
API fuzzing per role, schema validation, lint, migrations) leaves a one-line ``<name> passed|failed``
entry in ``checks.txt``. A pytest step whose XML is missing (the runner crashed before writing it)
counts as one failure, so a broken step can never look like a run with nothing to report.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def tally(folder: Path) -> tuple[int, int, int]:
    passed = failed = skipped = 0
    for expected in sorted(folder.glob("*.expected")):
        report = expected.with_suffix(".xml")
        if not report.exists():
            failed += 1
            continue
        root = ET.parse(report).getroot()
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        for suite in suites:
            total = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skip = int(suite.get("skipped", 0))
            failed += bad
            skipped += skip
            passed += total - bad - skip
    checks = folder / "checks.txt"
    if checks.exists():
        for line in checks.read_text().splitlines():
            outcome = line.rsplit(" ", 1)[-1]
            if outcome == "passed":
                passed += 1
            elif outcome == "failed":
                failed += 1
    return passed, failed, skipped


if __name__ == "__main__":
    p, f, s = tally(Path(sys.argv[1]))
    print(f"{p} passed, {f} failed" + (f", {s} skipped" if s else ""))
