"""Fail when the PostgreSQL or browser suites were skipped or did not run at all."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

REQUIRED = {
    "PostgreSQL": lambda case: "[postgres" in case.get("name", ""),
    "browser": lambda case: case.get("classname", "").startswith("tests.e2e"),
}


def main(paths: list[str]) -> int:
    cases = [case for path in paths for case in ET.parse(path).iter("testcase")]
    failed = False
    for suite, belongs in REQUIRED.items():
        mine = [c for c in cases if belongs(c)]
        skipped = [c for c in mine if c.find("skipped") is not None]
        ran = len(mine) - len(skipped)
        print(f"{suite} suite: {ran} ran, {len(skipped)} skipped")
        if not mine or skipped:
            failed = True
            for case in skipped[:5]:
                reason = case.find("skipped").get("message", "")  # type: ignore[union-attr]
                print(f"  skipped: {case.get('classname')}::{case.get('name')}: {reason}")
    if failed:
        print("FAIL: the PostgreSQL and browser suites must run in CI, not be skipped")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
