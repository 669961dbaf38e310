"""The command line, run as a program: exit status 0 with the path of
index.html, 2 with every problem of every file and nothing written, 1
when the output cannot be written; --summary; no traceback ever."""

import os
import subprocess
import unittest

import testlib


def tool(*args, cwd=None):
    p = subprocess.run([testlib.TOOL, *args], capture_output=True,
                       text=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout, p.stderr


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = testlib.TempDir()
        self.addCleanup(self.tmp.cleanup)
        self.out = os.path.join(self.tmp.path, "out")

    def test_report(self):
        rc, out, err = tool("-o", self.out, *map(testlib.fixture,
                                                 testlib.GOOD))
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out, os.path.join(self.out, "index.html") + "\n")
        self.assertTrue(os.path.isfile(out.strip()))

    def test_summary(self):
        rc, out, err = tool("-o", self.out, "--summary",
                            *map(testlib.fixture, testlib.GOOD))
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("target / suite"))
        self.assertIn("nas", lines[15])
        self.assertEqual(lines[-1], os.path.join(self.out, "index.html"))

    def test_bad_files_all_reported_nothing_written(self):
        bad = testlib.fixture("malformed/bad-result.json")
        types = testlib.fixture("malformed/wrong-types.json")
        rc, out, err = tool("-o", self.out, testlib.fixture("samba.json"),
                            bad, types)
        self.assertEqual((rc, out), (2, ""))
        lines = err.splitlines()
        self.assertEqual(len(lines), 6, err)
        self.assertTrue(lines[0].startswith(f"{bad}: tests[3].result: "))
        self.assertTrue(all(l.startswith(types) for l in lines[1:]))
        self.assertNotIn("Traceback", err)
        self.assertFalse(os.path.exists(self.out))

    def test_every_malformed_twin(self):
        d = testlib.fixture("malformed")
        for name in sorted(os.listdir(d)):
            if not name.endswith(".json"):
                continue
            with self.subTest(name=name):
                rc, out, err = tool("-o", self.out, os.path.join(d, name))
                self.assertEqual(rc, 2)
                self.assertTrue(err.startswith(os.path.join(d, name) +
                                               ": "), err)
                self.assertNotIn("Traceback", err)
                self.assertFalse(os.path.exists(self.out))

    def test_usage(self):
        rc, out, err = tool()
        self.assertEqual(rc, 2)
        self.assertIn("usage: smbsim-report", err)
        rc, out, err = tool("--help")
        self.assertEqual(rc, 0)
        self.assertIn("RESULTS.json", out)

    def test_missing_file(self):
        rc, _, err = tool("-o", self.out, "nope.json", cwd=self.tmp.path)
        self.assertEqual(rc, 2)
        self.assertEqual(err, "nope.json: cannot read: No such file or "
                              "directory\n")

    def test_unwritable_output(self):
        blocker = self.tmp.file("file", "not a directory")
        rc, out, err = tool("-o", os.path.join(blocker, "out"),
                            testlib.fixture("samba.json"))
        self.assertEqual((rc, out), (1, ""))
        self.assertTrue(err.startswith("smbsim-report: cannot write the "
                                       "report: "), err)
        self.assertNotIn("Traceback", err)

    def test_relative_paths_from_elsewhere(self):
        # The capture is found relative to the results file, not the
        # current directory.
        rc, out, err = tool("-o", "out", os.path.relpath(
            testlib.fixture("nas.json"), self.tmp.path), cwd=self.tmp.path)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(os.path.isfile(os.path.join(
            self.out, "pcaps/1-nas/negotiate.dialect_311.pcap")))


if __name__ == "__main__":
    unittest.main()
