"""Model tests: labels told apart, the matrix lines runs up by test id
with "not run" holes, suites and tests in first-appearance order, counts
per suite per column."""

import unittest

import testlib
from smbsim_report import load, model


def run(label, tests):
    """A Run with tests given as (id, result) pairs."""
    r = model.Run(f"{label}.json", label, "//h/s", None, None, None, None,
                  1.0, "", "", None)
    for tid, result in tests:
        suite, name = tid.split(".", 1)
        r.tests.append(model.TestResult(tid, suite, name, f"doc of {tid}",
                                        ("MS-SMB2 1",), result, ""))
    return r


class Labels(unittest.TestCase):
    def test_unique_labels(self):
        self.assertEqual(model.unique_labels(["a", "b"]), ["a", "b"])
        self.assertEqual(model.unique_labels(["samba", "samba", "samba"]),
                         ["samba", "samba (2)", "samba (3)"])
        # A label that already reads "samba (2)" keeps it; the repeat
        # takes the next free number.
        self.assertEqual(model.unique_labels(["samba", "samba (2)",
                                              "samba"]),
                         ["samba", "samba (2)", "samba (3)"])
        self.assertEqual(model.unique_labels(["x", "x", "x (2)"]),
                         ["x", "x (3)", "x (2)"])

    def test_slug(self):
        self.assertEqual(model.slug("smbsim-server"), "smbsim-server")
        self.assertEqual(model.slug("samba (2)"), "samba_2")
        self.assertEqual(model.slug("../../etc/passwd"), "etc_passwd")
        self.assertEqual(model.slug("<>"), "x")
        self.assertEqual(len(model.slug("a" * 100)), 40)


class Matrix(unittest.TestCase):
    def test_lines_up_by_id(self):
        a = run("a", [("neg.one", "pass"), ("neg.two", "fail"),
                      ("cr.x", "skip")])
        b = run("b", [("cr.x", "pass"), ("neg.two", "expected-fail"),
                      ("lock.y", "unexpected-pass")])
        m = model.build_matrix([a, b])
        self.assertEqual([c.label for c in m.columns], ["a", "b"])
        self.assertEqual([c.key for c in m.columns], ["1-a", "2-b"])
        self.assertEqual([s.name for s in m.suites], ["neg", "cr", "lock"])
        self.assertEqual([[r.id for r in s.rows] for s in m.suites],
                         [["neg.one", "neg.two"], ["cr.x"], ["lock.y"]])
        one = m.suites[0].rows[0]
        self.assertEqual(one.cells[0].result, "pass")
        self.assertIsNone(one.cells[1])                 # not run in b
        self.assertIsNone(m.suites[2].rows[0].cells[0])
        self.assertEqual(m.suites[0].rows[1].cells[1].result,
                         "expected-fail")
        self.assertEqual(m.test_count, 4)

    def test_counts(self):
        a = run("a", [("neg.one", "pass"), ("neg.two", "fail"),
                      ("cr.x", "skip")])
        b = run("b", [("cr.x", "pass"), ("lock.y", "unexpected-pass")])
        m = model.build_matrix([a, b])
        neg = m.suites[0]
        self.assertEqual(dict(neg.totals[0]), {
            "pass": 1, "fail": 1, "skip": 0, "expected-fail": 0,
            "unexpected-pass": 0, model.NOT_RUN: 0})
        self.assertEqual(neg.totals[1][model.NOT_RUN], 2)
        self.assertEqual(m.columns[0].totals[model.NOT_RUN], 1)
        self.assertEqual(m.columns[1].totals["unexpected-pass"], 1)
        self.assertEqual(sum(m.columns[1].totals.values()), m.test_count)

    def test_same_label_two_columns(self):
        s1 = load.load(testlib.fixture("samba.json"))
        s2 = load.load(testlib.fixture("samba.json"))
        m = model.build_matrix([s1, s2])
        self.assertEqual([c.label for c in m.columns],
                         ["samba", "samba (2)"])
        self.assertNotEqual(m.columns[0].key, m.columns[1].key)

    def test_fixtures(self):
        runs = [load.load(testlib.fixture(f)) for f in testlib.GOOD]
        m = model.build_matrix(runs)
        self.assertEqual([s.name for s in m.suites],
                         ["negotiate", "session", "create", "lease", "lock",
                          "ioctl"])
        ioctl = m.suites[-1]
        self.assertEqual([ioctl.totals[i][model.NOT_RUN] for i in range(3)],
                         [1, 1, 0])
        # Each run's counts over the matrix agree with its file's totals.
        for col in m.columns:
            for r in model.RESULTS:
                self.assertEqual(col.totals[r], col.run.totals[r])

    def test_no_runs_no_tests(self):
        m = model.build_matrix([run("a", [])])
        self.assertEqual(m.suites, [])
        self.assertEqual(m.test_count, 0)


if __name__ == "__main__":
    unittest.main()
