"""Loader tests: the good fixtures read into the model as written, and
each kind of malformed input gives the error naming file and field
(every malformed twin in tests/fixtures/reports/malformed/ and, in
memory, every field of the schema missing or of the wrong type)."""

import datetime
import json
import os
import unittest

import testlib
from smbsim_report import load, model


def errors(d, name="r.json", base="/base"):
    """The error lines for document d (a dict or JSON text)."""
    text = d if isinstance(d, str) else json.dumps(d)
    try:
        load.parse(name, text, base)
    except load.InputError as e:
        return e.errors
    return []


class GoodFiles(unittest.TestCase):
    def test_samba_as_written(self):
        run = load.load(testlib.fixture("samba.json"))
        self.assertEqual(run.label, "samba")
        self.assertEqual(run.target, "//127.0.0.11/share")
        self.assertEqual(run.profile, "samba")
        self.assertEqual(run.server.dialect, "3.1.1")
        self.assertTrue(run.server.signing_required)
        self.assertIn("MULTI_CHANNEL", run.server.capabilities)
        self.assertEqual(run.started, datetime.datetime(
            2026, 11, 24, 11, 2, 13, 250000, tzinfo=datetime.timezone.utc))
        self.assertEqual(run.duration_ms, 2411.0)
        self.assertEqual(len(run.tests), 9)
        self.assertEqual(run.totals, {"pass": 7, "fail": 0, "skip": 1,
                                      "expected-fail": 1,
                                      "unexpected-pass": 0})
        t = run.tests[6]
        self.assertEqual(t.id, "create.durable_v2")
        self.assertEqual(t.result, "expected-fail")
        self.assertEqual(t.expected, model.Expected(
            "fail", "Samba grants a durable v2 handle to an open without a "
            "lease", "MS-SMB2 3.3.5.9.10; "
            "https://bugzilla.samba.org/show_bug.cgi?id=15623"))
        self.assertEqual(t.spec, ("MS-SMB2 2.2.13.2.11",
                                  "MS-SMB2 3.3.5.9.10"))
        self.assertEqual(run.tests[4].variant, "signing-mandatory")

    def test_pcap_resolved_against_the_file(self):
        run = load.load(testlib.fixture("nas.json"))
        t = [t for t in run.tests if t.pcap][0]
        self.assertEqual(t.pcap, testlib.fixture(
            "pcaps/negotiate.dialect_311.pcap"))
        self.assertTrue(os.path.isfile(t.pcap))

    def test_absolute_pcap_kept(self):
        d = testlib.doc("nas.json")
        d["tests"][1]["pcap"] = "/captures/x.pcap"
        run = load.parse("n.json", json.dumps(d), "/elsewhere")
        self.assertEqual(run.tests[1].pcap, "/captures/x.pcap")

    def test_every_good_fixture_loads(self):
        for name in testlib.GOOD + ("hostile.json",):
            with self.subTest(name=name):
                run = load.load(testlib.fixture(name))
                self.assertEqual(sum(run.totals.values()), len(run.tests))

    def test_server_null_when_connecting_failed(self):
        d = testlib.doc()
        d["run"]["server"] = None
        d["tests"], d["totals"] = [], dict.fromkeys(model.RESULTS, 0)
        run = load.parse("r.json", json.dumps(d), "/")
        self.assertIsNone(run.server)
        self.assertEqual(run.tests, [])

    def test_unknown_fields_ignored(self):
        d = testlib.doc()
        d["extra"] = 1
        d["run"]["host_os"] = "x"
        d["tests"][0]["retries"] = 2
        self.assertEqual(errors(d), [])

    def test_utc_forms(self):
        for s in ("2026-11-24T11:00:00Z", "2026-11-24T11:00:00+00:00",
                  "2026-11-24T11:00:00.123456Z"):
            d = testlib.doc()
            d["run"]["started"] = s
            self.assertEqual(errors(d), [], s)


class MalformedTwins(unittest.TestCase):
    """Each file in malformed/ gives exactly the lines EXPECTED lists."""

    def test_expected_table(self):
        want = {}
        with open(testlib.fixture("malformed/EXPECTED"),
                  encoding="utf-8") as fp:
            for line in fp:
                if line.startswith("#") or not line.strip():
                    continue
                name, text = line.rstrip("\n").split("\t")
                want.setdefault(name, []).append(text)
        files = sorted(f for f in os.listdir(testlib.fixture("malformed"))
                       if f.endswith(".json"))
        self.assertEqual(sorted(want), files)
        for name in files:
            path = testlib.fixture(f"malformed/{name}")
            with self.subTest(name=name):
                with self.assertRaises(load.InputError) as cm:
                    load.load(path)
                got = cm.exception.errors
                self.assertEqual(len(got), len(want[name]), got)
                for line, text in zip(got, want[name]):
                    self.assertTrue(line.startswith(f"{path}: {text}"),
                                    (line, text))


class Malformed(unittest.TestCase):
    def assertError(self, d, line):
        got = errors(d)
        self.assertIn(f"r.json: {line}", got)

    def test_not_json(self):
        self.assertEqual(errors("{\"schema\": "), [
            "r.json: not valid JSON: Expecting value: line 1 column 12 "
            "(char 11)"])
        self.assertEqual(errors(""), [
            "r.json: not valid JSON: Expecting value: line 1 column 1 "
            "(char 0)"])

    def test_json_constants_and_repeats(self):
        self.assertEqual(errors('{"a": Infinity}'), [
            "r.json: not valid JSON: Infinity is not a JSON number"])
        self.assertEqual(errors('{"a": 1, "a": 2}'), [
            "r.json: not valid JSON: key \"a\" appears twice in one object"])

    def test_deep_nesting(self):
        self.assertEqual(errors("[" * 100000 + "]" * 100000), [
            "r.json: not valid JSON: nested too deeply"])

    def test_top_level(self):
        for v, kind in ((3, "a number (3)"), ("x", "a string (\"x\")"),
                        (None, "null")):
            self.assertEqual(errors(json.dumps(v)), [
                f"r.json: expected a JSON object at the top, got {kind}"])

    def test_schema(self):
        d = testlib.doc()
        del d["schema"]
        self.assertEqual(errors(d)[0], "r.json: schema: missing "
                         "(\"smbsim-torture-results/1\")")
        d["schema"] = 1
        self.assertEqual(errors(d)[0], "r.json: schema: expected a string, "
                         "got a number (1)")

    def test_top_fields_missing(self):
        for key, text in (("run", "missing (an object describing the run)"),
                          ("tests", "missing (an array of tests)"),
                          ("totals", "missing (an object of counts per "
                                     "result)")):
            d = testlib.doc()
            del d[key]
            with self.subTest(key=key):
                self.assertError(d, f"{key}: {text}")

    def test_run_and_tests_shapes(self):
        d = testlib.doc()
        d["run"] = []
        self.assertError(d, "run: expected an object, got an array")
        d = testlib.doc()
        d["tests"] = {}
        self.assertError(d, "tests: expected an array, got an object")
        d = testlib.doc()
        d["tests"][2] = "t"
        self.assertError(d, "tests[2]: expected an object, got a string "
                         "(\"t\")")

    def test_every_run_field_missing(self):
        for key in ("label", "target", "profile", "profile_file", "server",
                    "started", "duration_ms", "command", "tool",
                    "pcap_dir"):
            d = testlib.doc()
            del d["run"][key]
            with self.subTest(key=key):
                got = errors(d)
                self.assertEqual(len(got), 1, got)
                self.assertTrue(got[0].startswith(
                    f"r.json: run.{key}: missing ("), got)

    def test_run_field_types(self):
        cases = (
            ("label", "", "expected a non-empty string, got \"\""),
            ("label", None, "expected a string, got null"),
            ("target", 5, "expected a string, got a number (5)"),
            ("profile", True, "expected a string, got a boolean (true)"),
            ("profile_file", [], "expected a string, got an array"),
            ("server", "smb", "expected an object, got a string (\"smb\")"),
            ("started", "2026-11-24T11:00:00+01:00",
             "\"2026-11-24T11:00:00+01:00\" is not an ISO 8601 UTC time "
             "(like \"2026-11-24T11:00:00Z\")"),
            ("started", "2026-11-24T11:00:00",
             "\"2026-11-24T11:00:00\" is not an ISO 8601 UTC time "
             "(like \"2026-11-24T11:00:00Z\")"),
            ("started", 1700000000,
             "expected a string, got a number (1700000000)"),
            ("duration_ms", -1,
             "expected a number of milliseconds >= 0, got -1"),
            ("duration_ms", True,
             "expected a number of milliseconds, got a boolean (true)"),
            ("command", {}, "expected a string, got an object"),
            ("tool", 0.5, "expected a string, got a number (0.5)"),
            ("pcap_dir", 1, "expected a string, got a number (1)"),
        )
        for key, value, text in cases:
            d = testlib.doc()
            d["run"][key] = value
            with self.subTest(key=key, value=value):
                self.assertEqual(errors(d), [f"r.json: run.{key}: {text}"])

    def test_server_fields(self):
        for key in ("dialect", "guid", "capabilities", "signing_required"):
            d = testlib.doc()
            del d["run"]["server"][key]
            with self.subTest(key=key):
                got = errors(d)
                self.assertEqual(len(got), 1, got)
                self.assertTrue(got[0].startswith(
                    f"r.json: run.server.{key}: missing ("), got)
        d = testlib.doc()
        d["run"]["server"]["capabilities"] = ["DFS", 7]
        self.assertEqual(errors(d), ["r.json: run.server.capabilities[1]: "
                                     "expected a string, got a number (7)"])
        d["run"]["server"]["capabilities"] = "DFS"
        self.assertEqual(errors(d), ["r.json: run.server.capabilities: "
                                     "expected an array, got a string "
                                     "(\"DFS\")"])
        d = testlib.doc()
        d["run"]["server"]["signing_required"] = 1
        self.assertEqual(errors(d), ["r.json: run.server.signing_required: "
                                     "expected true or false, got a number "
                                     "(1)"])

    def test_every_test_field_missing(self):
        for key in ("id", "suite", "name", "doc", "spec", "result",
                    "message", "expected", "variant", "duration_ms",
                    "pcap"):
            d = testlib.doc()
            del d["tests"][0][key]
            with self.subTest(key=key):
                got = errors(d)
                self.assertTrue(got, key)
                self.assertTrue(got[0].startswith(
                    f"r.json: tests[0].{key}: missing ("), got)

    def test_test_field_types(self):
        cases = (
            ("id", 3, "expected a string, got a number (3)"),
            ("suite", "", "expected a non-empty string, got \"\""),
            ("doc", None, "expected a string, got null"),
            ("spec", [], "expected at least one entry, got []"),
            ("spec", "MS-SMB2", "expected an array, got a string "
                                "(\"MS-SMB2\")"),
            ("result", "PASS", "\"PASS\" is not one of pass, fail, skip, "
                               "expected-fail, unexpected-pass"),
            ("result", 1, "1 is not one of pass, fail, skip, expected-fail, "
                          "unexpected-pass"),
            ("message", None, "expected a string, got null"),
            ("variant", 2, "expected a string, got a number (2)"),
            ("duration_ms", "2", "expected a number of milliseconds, got a "
                                 "string (\"2\")"),
            ("pcap", "", "expected a non-empty string, got \"\""),
        )
        for key, value, text in cases:
            d = testlib.doc()
            d["tests"][1][key] = value
            with self.subTest(key=key, value=value):
                self.assertIn(f"r.json: tests[1].{key}: {text}", errors(d))

    def test_spec_entries(self):
        d = testlib.doc()
        d["tests"][1]["spec"] = ["MS-SMB2 2.2.3", None]
        self.assertEqual(errors(d), ["r.json: tests[1].spec[1]: expected a "
                                     "string, got null"])

    def test_expected_object(self):
        d = testlib.doc()
        t = d["tests"][6]
        t["expected"]["result"] = "pass"
        self.assertEqual(errors(d), ["r.json: tests[6].expected.result: "
                                     "\"pass\" is not one of fail, skip"])
        for key in ("result", "reason", "ref"):
            d = testlib.doc()
            del d["tests"][6]["expected"][key]
            with self.subTest(key=key):
                got = errors(d)
                self.assertEqual(len(got), 1, got)
                self.assertTrue(got[0].startswith(
                    f"r.json: tests[6].expected.{key}: missing ("), got)

    def test_consistency(self):
        d = testlib.doc("nas.json")
        d["tests"][5]["expected"] = None      # unexpected-pass
        self.assertEqual(errors(d), [
            "r.json: tests[5].expected: null, but result \"unexpected-pass\""
            " needs the profile's expectation"])
        d = testlib.doc()
        d["tests"][2]["pcap"] = "x.pcap"      # a skip
        self.assertEqual(errors(d), [
            "r.json: tests[2].pcap: a \"skip\" test has no capture (only "
            "failing tests have one)"])
        d = testlib.doc()
        d["tests"][0]["name"] = "other"
        self.assertEqual(errors(d), [
            "r.json: tests[0].id: \"negotiate.dialect_202\" is not SUITE.TEST"
            " for suite \"negotiate\" and name \"other\""])

    def test_totals(self):
        d = testlib.doc()
        d["totals"]["skip"] = 2
        self.assertEqual(errors(d), ["r.json: totals.skip: 2, but 1 of the "
                                     "tests have result \"skip\""])
        d = testlib.doc()
        del d["totals"]["fail"]
        self.assertEqual(errors(d), ["r.json: totals.fail: missing (the "
                                     "number of tests with result \"fail\")"])
        d = testlib.doc()
        d["totals"]["passed"] = 7
        self.assertEqual(errors(d), ["r.json: totals.passed: not a result "
                                     "(one of pass, fail, skip, "
                                     "expected-fail, unexpected-pass)"])
        d = testlib.doc()
        d["totals"]["pass"] = -7
        self.assertEqual(errors(d), ["r.json: totals.pass: expected a count "
                                     ">= 0, got a number (-7)"])
        d = testlib.doc()
        d["totals"] = [7]
        self.assertEqual(errors(d), ["r.json: totals: expected an object, "
                                     "got an array"])

    def test_bad_result_is_one_error(self):
        # The totals no longer match, but only the result is reported.
        d = testlib.doc()
        d["tests"][3]["result"] = "passed"
        self.assertEqual(errors(d), [
            "r.json: tests[3].result: \"passed\" is not one of pass, fail, "
            "skip, expected-fail, unexpected-pass"])

    def test_all_problems_reported(self):
        d = testlib.doc()
        d["run"]["label"] = 1
        d["tests"][0]["result"] = "x"
        d["tests"][8]["duration_ms"] = "y"
        got = errors(d)
        self.assertEqual([g.split(":")[1].strip() for g in got],
                         ["run.label", "tests[0].result",
                          "tests[8].duration_ms"])

    def test_long_values_cut(self):
        d = testlib.doc()
        d["tests"][0]["result"] = "x" * 500
        got = errors(d)[0]
        self.assertLess(len(got), 200)
        self.assertIn("...", got)

    def test_files(self):
        tmp = testlib.TempDir()
        self.addCleanup(tmp.cleanup)
        missing = os.path.join(tmp.path, "none.json")
        with self.assertRaises(load.InputError) as cm:
            load.load(missing)
        self.assertEqual(cm.exception.errors, [
            f"{missing}: cannot read: No such file or directory"])
        with self.assertRaises(load.InputError) as cm:
            load.load(tmp.path)
        self.assertEqual(cm.exception.errors, [
            f"{tmp.path}: cannot read: Is a directory"])
        big = tmp.file("big.json", b" " * (load.MAX_FILE_BYTES + 1))
        with self.assertRaises(load.InputError) as cm:
            load.load(big)
        self.assertIn("not a results file", cm.exception.errors[0])


if __name__ == "__main__":
    unittest.main()
