"""Rendering tests, without a browser: the page's structure from
html.parser, escaping of everything that comes from a results file, the
output directory (charts, captures, stale files), the text helpers."""

import html.parser
import os
import unittest

import testlib
from smbsim_report import load, model, output, render, summary


class Elements(html.parser.HTMLParser):
    """Every element (tag, attrs) and the text of the page."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.data = [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.data.append(data)

    def text(self):
        return " ".join("".join(self.data).split())


def runs(*names):
    return [load.load(testlib.fixture(n)) for n in names]


class Helpers(unittest.TestCase):
    def test_ms(self):
        self.assertEqual(render.ms(2.1), "2.1 ms")
        self.assertEqual(render.ms(0.04), "0.04 ms")
        self.assertEqual(render.ms(250.4), "250 ms")
        self.assertEqual(render.ms(1834.2), "1.83 s")
        self.assertEqual(render.ms(12500), "12.5 s")
        self.assertEqual(render.ms(65210.5), "1 min 5 s")

    def test_size(self):
        self.assertEqual(render.size(512), "512 bytes")
        self.assertEqual(render.size(5510), "5.4 KiB")
        self.assertEqual(render.size(3 << 20), "3.0 MiB")

    def test_linkify(self):
        self.assertEqual(str(render.linkify("MS-SMB2 3.3.5.9; "
                                            "https://x.org/b?id=1&a=2.")),
                         'MS-SMB2 3.3.5.9; <a href="https://x.org/b?id=1&amp;'
                         'a=2">https://x.org/b?id=1&amp;a=2</a>.')
        self.assertEqual(str(render.linkify("javascript:alert(1) <b>")),
                         "javascript:alert(1) &lt;b&gt;")
        self.assertEqual(str(render.linkify('https://e.org/a"><script>')),
                         '<a href="https://e.org/a">https://e.org/a</a>'
                         '&#34;&gt;&lt;script&gt;')


class Page(unittest.TestCase):
    def setUp(self):
        self.tmp = testlib.TempDir()
        self.addCleanup(self.tmp.cleanup)

    def write(self, rs):
        index, warnings = render.write_report(rs, self.tmp.path)
        with open(index, encoding="utf-8") as fp:
            return Elements(fp.read()), warnings

    def test_hostile_text_stays_text(self):
        (run,) = runs("hostile.json")
        page, warnings = self.write([run])
        self.assertEqual(warnings, [])
        tags = {t for t, _ in page.tags}
        for bad in ("script", "iframe", "svg", "marquee", "i", "link"):
            self.assertNotIn(bad, tags)
        self.assertEqual([t for t, _ in page.tags].count("h1"), 1)
        self.assertEqual([t for t, _ in page.tags].count("style"), 1)
        for _, attrs in page.tags:
            for k, v in attrs.items():
                self.assertFalse(k.startswith("on"), k)
                self.assertFalse((v or "").startswith("javascript:"), v)
        text = page.text()
        for s in (run.label, run.target, run.tests[0].message,
                  run.tests[0].doc, run.tests[1].expected.reason,
                  run.tests[1].expected.ref, run.tests[0].variant):
            self.assertIn(" ".join(s.split()), text)
        self.assertIn("{{ 7*7 }}", text)       # data is not a template

    def test_same_file_twice(self):
        page, _ = self.write(runs("samba.json", "samba.json"))
        heads = [i for i, (t, a) in enumerate(page.tags)
                 if t == "th" and a.get("class") == "target"]
        self.assertEqual(len(heads), 4)        # totals and matrix tables
        text = page.text()
        self.assertIn("samba (2)", text)
        charts = sorted(f for f in os.listdir(self.tmp.path)
                        if f.startswith("chart-"))
        self.assertEqual(charts, ["chart-1-samba.svg",
                                  "chart-2-samba_2.svg"])

    def test_outdir_contents(self):
        page, _ = self.write(runs(*testlib.GOOD))
        names = set()
        for root, _, files in os.walk(self.tmp.path):
            for f in files:
                names.add(os.path.relpath(os.path.join(root, f),
                                          self.tmp.path))
        self.assertEqual(names, {
            "index.html", output.MANIFEST, "chart-1-smbsim-server.svg",
            "chart-2-samba.svg", "chart-3-nas.svg",
            "pcaps/3-nas/negotiate.dialect_311.pcap"})
        srcs = [a["src"] for t, a in page.tags if t == "img"]
        self.assertEqual(srcs, ["chart-1-smbsim-server.svg",
                                "chart-2-samba.svg", "chart-3-nas.svg"])
        hrefs = [a["href"] for t, a in page.tags
                 if t == "a" and a.get("class") == "pcap"]
        self.assertEqual(hrefs, ["pcaps/3-nas/negotiate.dialect_311.pcap"])
        with open(os.path.join(self.tmp.path, hrefs[0]), "rb") as a, \
                open(testlib.fixture("pcaps/negotiate.dialect_311.pcap"),
                     "rb") as b:
            self.assertEqual(a.read(), b.read())
        with open(os.path.join(self.tmp.path, srcs[0]), "rb") as fp:
            svg = fp.read()
        self.assertIn(b"<svg", svg[:400])
        self.assertNotIn(b"<script", svg)

    def test_stale_files_removed_others_kept(self):
        self.write(runs(*testlib.GOOD))
        mine = self.tmp.file("notes.txt", "kept")
        self.write(runs("samba.json"))
        left = sorted(os.listdir(self.tmp.path))
        self.assertEqual(left, sorted([output.MANIFEST, "chart-1-samba.svg",
                                       "index.html", "notes.txt"]))
        self.assertTrue(os.path.isfile(mine))

    def test_manifest_cannot_reach_outside(self):
        outside = self.tmp.file("outside.txt", "x")
        out = os.path.join(self.tmp.path, "out")
        os.makedirs(out)
        with open(os.path.join(out, output.MANIFEST), "w") as fp:
            fp.write("../outside.txt\n/etc/hostname\n\n")
        render.write_report(runs("samba.json"), out)
        self.assertTrue(os.path.isfile(outside))

    def test_capture_problems(self):
        d = testlib.doc("nas.json")
        d["tests"][1]["pcap"] = "not-a-capture.pcap"
        d["tests"][4]["pcap"] = "gone.pcap"
        self.tmp.file("in/not-a-capture.pcap", "hello, not a pcap")
        path = self.tmp.json("in/nas.json", d)
        out = os.path.join(self.tmp.path, "out")
        index, warnings = render.write_report([load.load(path)], out)
        self.assertEqual(len(warnings), 2)
        self.assertIn(f"{path}: tests[1].pcap: ", warnings[0])
        self.assertIn("not a pcap or pcapng file", warnings[0])
        self.assertIn("tests[4].pcap: ", warnings[1])
        self.assertIn("No such file or directory", warnings[1])
        with open(index, encoding="utf-8") as fp:
            page = Elements(fp.read())
        self.assertIn("capture not copied", page.text())
        self.assertFalse(os.path.exists(os.path.join(out, "pcaps")))

    def test_pcapng_and_odd_ids(self):
        d = testlib.doc("nas.json")
        d["tests"][1]["pcap"] = "c.pcapng"
        self.tmp.file("in/c.pcapng", b"\x0a\x0d\x0d\x0a" + b"\0" * 60)
        path = self.tmp.json("in/nas.json", d)
        out = os.path.join(self.tmp.path, "out")
        render.write_report([load.load(path)], out)
        self.assertTrue(os.path.isfile(os.path.join(
            out, "pcaps/1-nas/negotiate.dialect_311.pcapng")))

    def test_not_connected_run(self):
        d = testlib.doc()
        d["run"]["server"] = None
        d["tests"] = []
        d["totals"] = dict.fromkeys(model.RESULTS, 0)
        path = self.tmp.json("in/down.json", d)
        page, _ = self.write([load.load(path)])
        self.assertIn("no NEGOTIATE response: connecting failed",
                      page.text())
        self.assertIn("no tests", page.text())


class Summary(unittest.TestCase):
    def test_table(self):
        m = model.build_matrix(runs(*testlib.GOOD))
        lines = summary.summary(m).splitlines()
        self.assertEqual(lines[0].split(), [
            "target", "/", "suite", "tests", "pass", "fail", "skip",
            "expected-fail", "unexpected-pass", "not", "run"])
        rows = {tuple(l.split()[:1]): l.split()[1:] for l in lines[1:]
                if not l.startswith(" ")}
        self.assertEqual(rows[("smbsim-server",)], "9 8 0 1 0 0 1".split())
        self.assertEqual(rows[("samba",)], "9 7 0 1 1 0 1".split())
        self.assertEqual(rows[("nas",)], "9 6 2 0 0 1 1".split())
        nas = lines.index([l for l in lines if l.startswith("nas")][0])
        self.assertEqual(lines[nas + 3].split(),
                         "create 2 0 1 0 0 1 0".split())
        self.assertEqual(len(lines), 1 + 3 * 7)

    def test_control_characters(self):
        r = runs("samba.json")[0]
        r.label = "a\x1b[2Jb\nc"
        text = summary.summary(model.build_matrix([r]))
        self.assertNotIn("\x1b", text)
        self.assertIn("a?[2Jb?c", text)


if __name__ == "__main__":
    unittest.main()
