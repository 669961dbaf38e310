"""Check a run of smbsim-torture: its results JSON and JUnit XML.

Usage: torture_results.py RESULTS.json JUNIT.xml --allow pass,skip[,...]
Every test must carry spec sections and a doc line, results must be among
the allowed ones, skips and expected failures must give a reason, the
totals must add up, and the JUnit file must parse and agree on the counts.
Prints a one-line summary.
"""
import json
import sys
import xml.etree.ElementTree as ET

RESULTS = ("pass", "fail", "skip", "expected-fail", "unexpected-pass")


def main():
    path, junit = sys.argv[1], sys.argv[2]
    allow = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[3] == "--allow" else []
    doc = json.load(open(path))
    problems = []
    if doc.get("schema") != "smbsim-torture-results/1":
        problems.append("schema: %r" % doc.get("schema"))
    counts = {r: 0 for r in RESULTS}
    for t in doc["tests"]:
        r = t["result"]
        counts[r] = counts.get(r, 0) + 1
        if not t["spec"] or not all(s.startswith("MS-") for s in t["spec"]):
            problems.append("%s: spec %r" % (t["id"], t["spec"]))
        if not t["doc"]:
            problems.append("%s: no doc" % t["id"])
        if r not in allow:
            problems.append("%s: %s: %s" % (t["id"], r, t["message"]))
        if r in ("skip", "expected-fail") and not (t["message"] or t["expected"]):
            problems.append("%s: %s without a reason" % (t["id"], r))
        if r == "expected-fail" and not (t["expected"] and t["expected"]["reason"]):
            problems.append("%s: expected-fail without the profile's reason" % t["id"])
    if counts != doc["totals"]:
        problems.append("totals %r, counted %r" % (doc["totals"], counts))
    root = ET.parse(junit).getroot()
    cases = root.findall(".//testcase")
    if len(cases) != len(doc["tests"]):
        problems.append("junit: %d testcases, json %d tests" % (len(cases), len(doc["tests"])))
    failures = len(root.findall(".//failure"))
    if failures != counts["fail"] + counts["unexpected-pass"]:
        problems.append("junit: %d failures" % failures)
    for p in problems:
        print("torture_results: %s: %s" % (path, p), file=sys.stderr)
    print("%s: %d tests: %s in %.2f s" % (
        doc["run"]["label"], len(doc["tests"]),
        ", ".join("%d %s" % (n, r) for r, n in counts.items() if n),
        doc["run"]["duration_ms"] / 1000.0))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
