"""Read and validate one smbsim-torture results file (schema
"smbsim-torture-results/1", written down in reports/README.md) into a
model.Run.

Every problem is reported as "FILE: FIELD: what is wrong", the field
written as a path into the document (run.server.dialect, tests[3].result);
all problems of a file are collected, then InputError carries them.  Fields
the schema does not name are ignored, so a newer runner adding one does
not break the report.  Besides the types, the loader checks what the
runner guarantees: ids are SUITE.TEST and unique, "expected-fail" and
"unexpected-pass" carry the profile's expectation, only tests that did
not pass or skip carry a capture, and the totals are the tests' counts.
"""

import datetime
import json
import math
import os

from . import model

SCHEMA = "smbsim-torture-results/1"
# A results file of a few thousand tests is well under a megabyte; a file
# past this is not one.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Longest value quoted in an error message.
MAX_SHOWN = 60


class InputError(Exception):
    """A file that is not a valid results file; errors holds one line per
    problem, each naming the file and the field."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


class _Bad(Exception):
    """One field's problem, raised by the field checkers below."""


def _kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    return "an object"


def _show(v):
    """A value as it would appear in the JSON, cut to MAX_SHOWN chars."""
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= MAX_SHOWN else s[:MAX_SHOWN - 3] + "..."


def _got(v):
    if isinstance(v, (dict, list)) or v is None:
        return _kind(v)
    return f"{_kind(v)} ({_show(v)})"


# Field checkers: take the JSON value, return the model's value or raise
# _Bad with what was expected.

def _string(v):
    if not isinstance(v, str):
        raise _Bad(f"expected a string, got {_got(v)}")
    return v


def _nonempty(v):
    if _string(v) == "":
        raise _Bad("expected a non-empty string, got \"\"")
    return v


def _boolean(v):
    if not isinstance(v, bool):
        raise _Bad(f"expected true or false, got {_got(v)}")
    return v


def _ms(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _Bad(f"expected a number of milliseconds, got {_got(v)}")
    if not math.isfinite(v) or v < 0:
        raise _Bad(f"expected a number of milliseconds >= 0, got {_show(v)}")
    return float(v)


def _utc_time(v):
    _string(v)
    try:
        t = datetime.datetime.fromisoformat(v)
    except ValueError:
        t = None
    if t is None or t.utcoffset() != datetime.timedelta(0):
        raise _Bad(f"{_show(v)} is not an ISO 8601 UTC time "
                   "(like \"2026-11-24T11:00:00Z\")")
    return t


def _one_of(choices):
    def check(v):
        if not isinstance(v, str) or v not in choices:
            raise _Bad(f"{_show(v)} is not one of {', '.join(choices)}")
        return v
    return check


def _or_null(check):
    def checked(v):
        return None if v is None else check(v)
    return checked


_RESULT = _one_of(model.RESULTS)


class _Reader:
    """Walks one document, collecting errors as "NAME: PATH: text"."""

    def __init__(self, name):
        self.name = name
        self.errors = []

    def error(self, path, text):
        self.errors.append(f"{self.name}: {path}: {text}")

    def obj(self, v, path):
        """v if it is a JSON object, else an error and None."""
        if isinstance(v, dict):
            return v
        self.error(path, f"expected an object, got {_got(v)}")
        return None

    def field(self, obj, key, path, check, what):
        """obj[key] through check; an error (and None) when it is missing
        or wrong.  what says what the field holds, for "missing"."""
        where = f"{path}.{key}" if path else key
        if key not in obj:
            self.error(where, f"missing ({what})")
            return None
        try:
            return check(obj[key])
        except _Bad as e:
            self.error(where, str(e))
            return None

    def array(self, obj, key, path, what):
        return self.field(obj, key, path, _array, what)


def _array(v):
    if not isinstance(v, list):
        raise _Bad(f"expected an array, got {_got(v)}")
    return v


def _strings(path, rd, items, nonempty):
    out = []
    for i, s in enumerate(items):
        try:
            out.append(_string(s))
        except _Bad as e:
            rd.error(f"{path}[{i}]", str(e))
    if nonempty and not items:
        rd.error(path, "expected at least one entry, got []")
    return tuple(out)


def _server(rd, v, path):
    if v is None:
        return None
    o = rd.obj(v, path)
    if o is None:
        return None
    dialect = rd.field(o, "dialect", path, _nonempty, "the dialect chosen")
    guid = rd.field(o, "guid", path, _string, "the server GUID")
    caps = rd.array(o, "capabilities", path, "an array of capability names")
    caps = _strings(f"{path}.capabilities", rd, caps or [], False)
    signing = rd.field(o, "signing_required", path, _boolean,
                       "true or false")
    return model.Server(dialect, guid, caps, signing)


def _expected(rd, v, path):
    if v is None:
        return None
    o = rd.obj(v, path)
    if o is None:
        return None
    result = rd.field(o, "result", path, _one_of(("fail", "skip")),
                      "\"fail\" or \"skip\"")
    reason = rd.field(o, "reason", path, _string, "why, a string")
    ref = rd.field(o, "ref", path, _string, "where it is written, a string")
    return model.Expected(result, reason, ref)


def _test(rd, v, path, base_dir):
    o = rd.obj(v, path)
    if o is None:
        return None
    f = rd.field
    t = model.TestResult(
        id=f(o, "id", path, _nonempty, "SUITE.TEST"),
        suite=f(o, "suite", path, _nonempty, "the suite's name"),
        name=f(o, "name", path, _nonempty, "the test's name"),
        doc=f(o, "doc", path, _string, "a one-line description"),
        spec=(),
        result=f(o, "result", path, _RESULT, "one of " +
                 ", ".join(model.RESULTS)),
        message=f(o, "message", path, _string, "a string, may be \"\""),
        variant=f(o, "variant", path, _or_null(_string), "a string or null"),
        duration_ms=f(o, "duration_ms", path, _ms, "milliseconds"),
        pcap=f(o, "pcap", path, _or_null(_nonempty), "a path or null"),
    )
    spec = rd.array(o, "spec", path, "an array of spec sections")
    if spec is not None:
        t.spec = _strings(f"{path}.spec", rd, spec, True)
    if "expected" in o:
        t.expected = _expected(rd, o["expected"], f"{path}.expected")
    else:
        rd.error(f"{path}.expected", "missing (an object or null)")
    if t.id and t.suite and t.name and t.id != f"{t.suite}.{t.name}":
        rd.error(f"{path}.id", f"{_show(t.id)} is not SUITE.TEST for suite "
                 f"{_show(t.suite)} and name {_show(t.name)}")
    if t.result in ("expected-fail", "unexpected-pass") \
            and "expected" in o and o["expected"] is None:
        rd.error(f"{path}.expected", f"null, but result \"{t.result}\" "
                 "needs the profile's expectation")
    if t.pcap is not None and t.result in ("pass", "skip"):
        rd.error(f"{path}.pcap", f"a \"{t.result}\" test has no capture "
                 "(only failing tests have one)")
    if t.pcap is not None:
        t.pcap = os.path.normpath(os.path.join(base_dir, t.pcap))
    return t


def _totals(rd, v, tests):
    """The totals object; compared with the counts of tests unless tests
    is None."""
    o = rd.obj(v, "totals")
    if o is None:
        return {}
    for key in o:
        if key not in model.RESULTS:
            rd.error(f"totals.{key}", "not a result (one of "
                     f"{', '.join(model.RESULTS)})")
    counted = model.count(tests) if tests is not None else None
    totals = {}
    for r in model.RESULTS:
        n = o.get(r)
        if r not in o:
            rd.error(f"totals.{r}", "missing (the number of tests with "
                     f"result \"{r}\")")
        elif isinstance(n, bool) or not isinstance(n, int) or n < 0:
            rd.error(f"totals.{r}", f"expected a count >= 0, got {_got(n)}")
        elif counted is not None and n != counted[r]:
            rd.error(f"totals.{r}", f"{n}, but {counted[r]} of the tests "
                     f"have result \"{r}\"")
        else:
            totals[r] = n
    return totals


def _run(rd, doc, base_dir):
    if "run" not in doc:
        rd.error("run", "missing (an object describing the run)")
        return None
    o = rd.obj(doc["run"], "run")
    if o is None:
        return None
    f = rd.field
    r = model.Run(
        source=rd.name,
        label=f(o, "label", "run", _nonempty, "the target's name in reports"),
        target=f(o, "target", "run", _string, "//HOST/SHARE"),
        profile=f(o, "profile", "run", _or_null(_string), "a name or null"),
        profile_file=f(o, "profile_file", "run", _or_null(_string),
                       "a path or null"),
        server=None,
        started=f(o, "started", "run", _utc_time, "an ISO 8601 UTC time"),
        duration_ms=f(o, "duration_ms", "run", _ms, "milliseconds"),
        command=f(o, "command", "run", _string, "the command line"),
        tool=f(o, "tool", "run", _string, "the runner's name and version"),
        pcap_dir=f(o, "pcap_dir", "run", _or_null(_string),
                   "a path or null"),
    )
    if "server" in o:
        r.server = _server(rd, o["server"], "run.server")
    else:
        rd.error("run.server", "missing (an object, or null when "
                 "connecting failed)")
    return r


def parse(name, text, base_dir):
    """Validate the JSON text of results file name; return a model.Run or
    raise InputError.  Captures are resolved against base_dir."""
    try:
        doc = json.loads(text, parse_constant=_no_constant,
                         object_pairs_hook=_no_repeats)
    except _Bad as e:
        raise InputError([f"{name}: not valid JSON: {e}"]) from None
    except ValueError as e:
        raise InputError([f"{name}: not valid JSON: {e}"]) from None
    except RecursionError:
        raise InputError([f"{name}: not valid JSON: nested too deeply"]) \
            from None
    rd = _Reader(name)
    if not isinstance(doc, dict):
        raise InputError([f"{name}: expected a JSON object at the top, "
                          f"got {_got(doc)}"])
    schema = rd.field(doc, "schema", "", _string, f"\"{SCHEMA}\"")
    if schema is not None and schema != SCHEMA:
        # Another schema: its fields mean something else, stop here.
        rd.error("schema", f"{_show(schema)} is not \"{SCHEMA}\"")
        raise InputError(rd.errors)
    run = _run(rd, doc, base_dir)
    tests = rd.array(doc, "tests", "", "an array of tests") or []
    errors_before_tests = len(rd.errors)
    seen = {}
    for i, v in enumerate(tests):
        t = _test(rd, v, f"tests[{i}]", base_dir)
        if t is None:
            continue
        if t.id in seen:
            rd.error(f"tests[{i}].id", f"{_show(t.id)} is also tests"
                     f"[{seen[t.id]}]'s id (ids are unique in a file)")
        elif t.id:
            seen[t.id] = i
        if run is not None:
            run.tests.append(t)
    if "totals" in doc:
        # Compare the counts only with tests that all read well: one bad
        # result is one error, not a second one about the totals.
        tests_ok = len(rd.errors) == errors_before_tests
        totals = _totals(rd, doc["totals"],
                         run.tests if run and tests_ok else None)
        if run is not None:
            run.totals = totals
    else:
        rd.error("totals", "missing (an object of counts per result)")
    if rd.errors:
        raise InputError(rd.errors)
    return run


def _no_constant(name):
    raise _Bad(f"{name} is not a JSON number")


def _no_repeats(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise _Bad(f"key {_show(k)} appears twice in one object")
        d[k] = v
    return d


def load(path):
    """Read and validate the results file at path (named as given in
    errors); return a model.Run or raise InputError."""
    try:
        with open(path, "rb") as fp:
            data = fp.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise InputError([f"{path}: cannot read: {e.strerror}"]) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError([f"{path}: larger than {MAX_FILE_BYTES} bytes, "
                          "not a results file"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError([f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x}"
                          f" at offset {e.start})"]) from None
    base_dir = os.path.dirname(os.path.abspath(path))
    return parse(path, text, base_dir)
