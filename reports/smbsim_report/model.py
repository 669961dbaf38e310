"""The report's data: one Run per results file, and the Matrix of tests x
targets built from any number of runs.

A Run holds what one smbsim-torture results file says, already validated
(load.py builds them).  The Matrix lines the runs up: one column per run,
its label made unique ("samba", "samba (2)"), rows grouped by suite in the
order the suites and tests first appear, a cell per (test, column) that is
the run's result or None when that run did not have the test ("not run"),
and the counts per suite per column.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
import datetime
import re

# The five results a test can have, in the order the report lists them.
# Only "fail" and "unexpected-pass" make the runner exit non-zero.
RESULTS = ("pass", "fail", "skip", "expected-fail", "unexpected-pass")
PROBLEMS = ("fail", "unexpected-pass")
# A cell whose run did not have the test.
NOT_RUN = "not run"

# One colour per result, shared by the page's CSS and the charts (each
# with white text at a contrast of 4.5:1 or more), and the light tint of
# a table cell holding that result.
COLOURS = {
    "pass": "#2e7d32",
    "fail": "#c62828",
    "skip": "#546e7a",
    "expected-fail": "#a35c00",
    "unexpected-pass": "#7b1fa2",
    NOT_RUN: "#9e9e9e",
}
TINTS = {
    "pass": "#eef7ee",
    "fail": "#fdecea",
    "skip": "#f1f4f5",
    "expected-fail": "#fdf3e3",
    "unexpected-pass": "#f5eaf8",
    NOT_RUN: "#fafafa",
}


@dataclass(frozen=True)
class Expected:
    """What the target's profile says about a test: "fail" or "skip", why,
    and where that is written down (spec section, bug URL)."""
    result: str
    reason: str
    ref: str


@dataclass(frozen=True)
class Server:
    """What the server said in its NEGOTIATE response."""
    dialect: str
    guid: str
    capabilities: tuple
    signing_required: bool


@dataclass
class TestResult:
    """One test of one run.  pcap is the capture's absolute path (resolved
    against the results file's directory), or None."""
    id: str
    suite: str
    name: str
    doc: str
    spec: tuple
    result: str
    message: str
    expected: Expected = None
    variant: str = None
    duration_ms: float = 0.0
    pcap: str = None


@dataclass
class Run:
    """One results file: one target server."""
    source: str            # the file's path as given on the command line
    label: str
    target: str
    profile: str
    profile_file: str
    server: Server         # None when connecting failed
    started: datetime.datetime
    duration_ms: float
    command: str
    tool: str
    pcap_dir: str
    tests: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def count(results):
    """Counts of each result (and NOT_RUN for None) in an iterable of
    TestResult-or-None, every key present."""
    c = OrderedDict((r, 0) for r in RESULTS + (NOT_RUN,))
    for t in results:
        c[NOT_RUN if t is None else t.result] += 1
    return c


def unique_labels(labels):
    """The labels with repeats told apart: the second "samba" becomes
    "samba (2)", the third "samba (3)", skipping any name already taken."""
    taken = set(labels)
    seen = set()
    out = []
    for label in labels:
        if label not in seen:
            seen.add(label)
            out.append(label)
            continue
        n = 2
        while f"{label} ({n})" in taken or f"{label} ({n})" in seen:
            n += 1
        name = f"{label} ({n})"
        seen.add(name)
        out.append(name)
    return out


def slug(text, limit=40):
    """A file-name-safe form of text (letters, digits, '.', '_', '-')."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")
    return s[:limit] or "x"


@dataclass
class Column:
    """One run as a column of the matrix."""
    index: int             # 1-based, in command-line order
    label: str             # unique among the columns
    run: Run
    key: str               # unique, file-name-safe: "2-samba"
    totals: dict = None    # count() over the whole matrix (with not run)


@dataclass
class Row:
    """One test across all columns: cells[i] is column i's TestResult or
    None.  doc and spec come from the first run that has the test."""
    id: str
    suite: str
    name: str
    doc: str
    spec: tuple
    cells: list


@dataclass
class Suite:
    name: str
    rows: list
    totals: list           # count() per column


@dataclass
class Matrix:
    columns: list
    suites: list

    @property
    def test_count(self):
        return sum(len(s.rows) for s in self.suites)


def build_matrix(runs):
    """Line the runs up as a Matrix (see the module comment)."""
    labels = unique_labels([r.label for r in runs])
    columns = [Column(i + 1, lab, run, f"{i + 1}-{slug(lab)}")
               for i, (lab, run) in enumerate(zip(labels, runs))]
    rows = OrderedDict()          # id -> Row, first-appearance order
    for col in columns:
        for t in col.run.tests:
            if t.id not in rows:
                rows[t.id] = Row(t.id, t.suite, t.name, t.doc, t.spec,
                                 [None] * len(columns))
            rows[t.id].cells[col.index - 1] = t
    by_suite = OrderedDict()
    for row in rows.values():
        by_suite.setdefault(row.suite, []).append(row)
    suites = []
    for name, srows in by_suite.items():
        totals = [count(r.cells[i] for r in srows)
                  for i in range(len(columns))]
        suites.append(Suite(name, srows, totals))
    for i, col in enumerate(columns):
        col.totals = count(r.cells[i] for r in rows.values())
    return Matrix(columns, suites)
