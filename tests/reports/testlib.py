"""Shared by the reports unit tests (tests/reports/test_*.py): the path to
the smbsim_report package and the fixtures, and small helpers.

Run the tests with Debian's python3 from the source root:
    /usr/bin/python3 -m unittest discover -s tests/reports -t tests/reports
"""

import copy
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.path.dirname(os.path.dirname(HERE))
REPORTS = os.path.join(SRCDIR, "reports")
FIXTURES = os.path.join(SRCDIR, "tests", "fixtures", "reports")
TOOL = os.path.join(REPORTS, "smbsim-report")
GOOD = ("smbsim-server.json", "samba.json", "nas.json")

if REPORTS not in sys.path:
    sys.path.insert(0, REPORTS)


def fixture(name):
    return os.path.join(FIXTURES, name)


def doc(name="samba.json"):
    """A fresh copy of a fixture's JSON document."""
    with open(fixture(name), encoding="utf-8") as fp:
        return copy.deepcopy(json.load(fp))


class TempDir:
    """A mktemp directory for one test, removed afterwards (the tests
    never remove anything they did not create)."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="smbsim-report-test-")

    def file(self, name, content):
        p = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(p, mode) as fp:
            fp.write(content)
        return p

    def json(self, name, d):
        return self.file(name, json.dumps(d, indent=1))

    def cleanup(self):
        shutil.rmtree(self.path)
