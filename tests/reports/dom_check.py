#!/usr/bin/python3
"""Check what a reader of the report sees, from the DOM headless Chromium
dumped (chromium --dump-dom) after loading the page from file://.

The expectations come from the results files themselves, read here with
the json module alone (not through smbsim_report), so a mistake in the
report's model shows up as a difference.

Usage:
  dom_check.py page DOM OUTDIR RESULTS.json...   the report of these files
  dom_check.py hostile DOM OUTDIR RESULTS.json    markup in the data stays text
  dom_check.py screenshot PNG WIDTH HEIGHT        a real picture, not blank
Exit status 0 when every check holds; otherwise each failed check is
printed and the status is 1.
"""

import html.parser
import json
import os
import re
import sys
import urllib.parse

RESULTS = ("pass", "fail", "skip", "expected-fail", "unexpected-pass")
NOT_RUN = "not run"
TITLE = "SMB conformance report"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
# Every element the templates write; anything else came from the data.
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header",
             "h1", "h2", "h3", "p", "code", "nav", "a", "dl", "dt", "dd",
             "span", "main", "section", "div", "article", "ul", "li", "img",
             "table", "thead", "tbody", "tfoot", "tr", "th", "td", "b",
             "details", "summary", "footer", "em"}

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def all(self, tag=None, cls=None):
        for c in self.children:
            if isinstance(c, str):
                continue
            if (tag is None or c.tag == tag) and \
                    (cls is None or cls in c.classes()):
                yield c
            yield from c.all(tag, cls)

    def first(self, tag=None, cls=None):
        return next(self.all(tag, cls), None)

    def kids(self, tag):
        return [c for c in self.children
                if not isinstance(c, str) and c.tag == tag]


class Tree(html.parser.HTMLParser):
    """The DOM as Chromium serialised it (well formed: every element
    closed, text escaped)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root
        self.tags = []          # (tag, attrs) of every element, in order

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        self.tags.append((tag, attrs))
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_dom(path):
    t = Tree()
    with open(path, encoding="utf-8") as fp:
        t.feed(fp.read())
    t.close()
    return t


def norm(s):
    return " ".join(s.split())


def unique(labels):
    """The column names the report must show: the second "samba" is
    "samba (2)" (a number no other label has taken)."""
    taken, seen, out = set(labels), set(), []
    for lab in labels:
        name = lab
        if name in seen:
            n = 2
            while f"{lab} ({n})" in taken or f"{lab} ({n})" in seen:
                n += 1
            name = f"{lab} ({n})"
        seen.add(name)
        out.append(name)
    return out


def count_text(text):
    """{result: n} from a counts cell ("3 pass 1 expected-fail 1 not run")."""
    got = {}
    for n, r in re.findall(r"(\d+)\s+(expected-fail|unexpected-pass|pass|"
                           r"fail|skip|not run)", norm(text)):
        check(r not in got, f"counts {text!r}: {r} twice")
        got[r] = int(n)
    return got


def nonzero(c):
    return {k: v for k, v in c.items() if v}


def hygiene(tree, outdir):
    """Nothing from the network, no script, every local reference there."""
    check(not any(t == "script" for t, _ in tree.tags), "a script element")
    check(not any(t == "link" for t, _ in tree.tags), "a link element")
    for tag, attrs in tree.tags:
        for k, v in attrs:
            check(not k.startswith("on"), f"<{tag}> has event handler {k}")
            if k in ("src", "href") and v and not v.startswith("#"):
                u = urllib.parse.urlparse(v)
                if tag == "a" and u.scheme in ("http", "https"):
                    continue    # a link a reader may follow, not loaded
                check(u.scheme == "" and not v.startswith("//"),
                      f"<{tag} {k}={v!r}> is not a relative reference")
                p = os.path.join(outdir, urllib.parse.unquote(u.path))
                check(os.path.isfile(p), f"<{tag} {k}={v!r}>: no file {p}")


def columns(table):
    thead = table.first("thead")
    return [norm(th.text()) for th in thead.all("th", "target")]


def matrix_cells(tree):
    """{test id: [cell node per column]} and the suite rows of the matrix."""
    table = tree.root.first("table", "matrix")
    cells, suites = {}, {}
    for tbody in table.kids("tbody"):
        for tr in tbody.kids("tr"):
            th = tr.kids("th")[0]
            if "suite" in tr.classes():
                suites[norm(th.first("span", "suite-name").text())] = \
                    tr.kids("td")
            else:
                cells[norm(th.first("code", "tid").text())] = \
                    (th, tr.kids("td"))
    return cells, suites


def check_page(dom, outdir, files):
    tree = parse_dom(dom)
    docs = []
    for f in files:
        with open(f, encoding="utf-8") as fp:
            docs.append((f, json.load(fp)))
    labels = unique([d["run"]["label"] for _, d in docs])
    hygiene(tree, outdir)
    title = tree.root.first("title")
    check(title and norm(title.text()) == TITLE, "the page's title")

    # Column headers of both tables: one per target, in order.
    totals = tree.root.first("table", "totals")
    check(columns(totals) == labels,
          f"totals columns {columns(totals)} != {labels}")
    matrix = tree.root.first("table", "matrix")
    check(columns(matrix) == labels,
          f"matrix columns {columns(matrix)} != {labels}")

    # Expected counts, suite by suite, from the files.
    suite_tests = {}
    for _, d in docs:
        for t in d["tests"]:
            suite_tests.setdefault(t["suite"], set()).add(t["id"])
    want = {}
    for s, ids in suite_tests.items():
        for i, (_, d) in enumerate(docs):
            got = [t["result"] for t in d["tests"] if t["suite"] == s]
            c = {r: got.count(r) for r in RESULTS}
            c[NOT_RUN] = len(ids) - len(got)
            want[(s, i)] = nonzero(c)
    seen_suites = []
    for tr in totals.first("tbody").kids("tr"):
        name = norm(tr.first("a", "suite-name").text())
        seen_suites.append(name)
        for i, td in enumerate(tr.kids("td")):
            check(count_text(td.text()) == want.get((name, i)),
                  f"totals of suite {name} for {labels[i]}: "
                  f"{norm(td.text())!r}, want {want.get((name, i))}")
    check(sorted(seen_suites) == sorted(suite_tests),
          f"totals rows {seen_suites} != suites {sorted(suite_tests)}")
    for i, td in enumerate(totals.first("tfoot").first("tr").kids("td")):
        all_ = {}
        for s in suite_tests:
            for r, n in want[(s, i)].items():
                all_[r] = all_.get(r, 0) + n
        check(count_text(td.text()) == all_,
              f"all-suite totals for {labels[i]}: {norm(td.text())!r}")

    # Every cell of the matrix: result, message, reason, capture.
    cells, suite_rows = matrix_cells(tree)
    for name in suite_tests:
        tds = suite_rows.get(name, [])
        check(len(tds) == len(docs), f"matrix suite row {name}")
        for i, td in enumerate(tds):
            check(count_text(td.text()) == want[(name, i)],
                  f"matrix counts of {name} for {labels[i]}")
    all_ids = {i for ids in suite_tests.values() for i in ids}
    check(set(cells) == all_ids, f"matrix rows {sorted(cells)}")
    for i, (f, d) in enumerate(docs):
        by_id = {t["id"]: t for t in d["tests"]}
        for tid in all_ids:
            if tid not in cells:
                continue
            th, tds = cells[tid]
            td = tds[i]
            badge = td.first("span", "badge")
            shown = norm(badge.text()) if badge else None
            t = by_id.get(tid)
            where = f"{tid} on {labels[i]}"
            if t is None:
                check(shown == NOT_RUN, f"{where}: {shown!r}, want not run")
                continue
            check(shown == t["result"], f"{where}: {shown!r}, want "
                  f"{t['result']!r}")
            text = norm(td.text())
            if t["message"]:
                check(norm(t["message"]) in text,
                      f"{where}: message {t['message']!r} not shown")
            if t["expected"]:
                for k in ("reason", "ref"):
                    check(norm(t["expected"][k]) in text,
                          f"{where}: expected {k} not shown")
            check(norm(t["doc"]) in norm(th.text()), f"{tid}: doc not shown")
            for sec in t["spec"]:
                check(sec in [norm(li.text()) for li in th.all("li")],
                      f"{tid}: spec {sec} not shown")
            link = td.first("a", "pcap")
            if t["pcap"]:
                if check(link is not None, f"{where}: no capture link"):
                    href = urllib.parse.unquote(link.attrs.get("href", ""))
                    p = os.path.join(outdir, href)
                    src = os.path.join(os.path.dirname(f), t["pcap"])
                    check(os.path.isfile(p) and open(p, "rb").read() ==
                          open(src, "rb").read(),
                          f"{where}: capture {p} is not a copy of {src}")
            else:
                check(link is None, f"{where}: a capture link")

    # A card per target with its facts and its chart.
    cards = list(tree.root.all("article", "card"))
    check([norm(c.first("h3").text()) for c in cards] == labels,
          "target cards")
    charts = set()
    for card, (_, d) in zip(cards, docs):
        run = d["run"]
        text = norm(card.text())
        for fact in (run["target"], run["server"]["dialect"], run["tool"],
                     run["profile"] or "none"):
            check(fact in text, f"card {run['label']}: {fact!r} not shown")
        for cap in run["server"]["capabilities"]:
            check(cap in [norm(li.text()) for li in card.all("li")],
                  f"card {run['label']}: capability {cap} not shown")
        img = card.first("img", "chart")
        if check(img is not None, f"card {run['label']}: no chart"):
            src = img.attrs.get("src", "")
            p = os.path.join(outdir, urllib.parse.unquote(src))
            charts.add(p)
            ok = os.path.isfile(p) and os.path.getsize(p) > 1000
            check(ok, f"chart {p} missing or empty")
            if ok:
                with open(p, "rb") as fp:
                    head = fp.read(400)
                check(b"<svg" in head or head.startswith(b"\x89PNG"),
                      f"chart {p} is not SVG or PNG")
    check(len(charts) == len(docs), "one distinct chart per target")


def check_hostile(dom, outdir, files):
    tree = parse_dom(dom)
    with open(files[0], encoding="utf-8") as fp:
        d = json.load(fp)
    hygiene(tree, outdir)
    for tag, _ in tree.tags:
        check(tag in PAGE_TAGS, f"element <{tag}> injected by the data")
    check(sum(t == "h1" for t, _ in tree.tags) == 1, "one h1")
    check(sum(t == "style" for t, _ in tree.tags) == 1, "one style element")
    title = tree.root.first("title")
    check(title and norm(title.text()) == TITLE,
          f"title {title.text() if title else None!r}: a script ran")
    for tag, attrs in tree.tags:
        for k, v in attrs:
            check(not (v or "").strip().lower().startswith("javascript:"),
                  f"<{tag} {k}={v!r}>")
    page = norm(tree.root.text())
    run = d["run"]
    shown = [run["label"], run["target"], run["profile"],
             run["profile_file"], run["server"]["guid"], run["command"],
             run["tool"]] + run["server"]["capabilities"]
    for t in d["tests"]:
        shown += [t["id"], t["doc"], t["message"][:100]] + t["spec"]
        if t["expected"]:
            shown += [t["expected"]["reason"], t["expected"]["ref"]]
        if t["variant"]:
            shown.append(t["variant"])
    for s in shown:
        check(norm(s) in page, f"{s!r} is not shown as text")
    matrix = tree.root.first("table", "matrix")
    check(columns(matrix) == [run["label"]], "the hostile column header")


def check_screenshot(png, width, height):
    from PIL import Image
    check(os.path.getsize(png) > 0, f"{png} is empty")
    with Image.open(png) as im:
        check(im.size == (width, height), f"{png}: size {im.size}")
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    check(len(colours) >= 64, f"{png}: {len(colours)} colours: blank?")
    if colours:
        top = max(n for n, _ in colours)
        share = 1 - top / (width * height)
        check(share > 0.05, f"{png}: {share:.1%} of the pixels differ "
              "from the background: blank?")


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode in ("page", "hostile") and len(argv) >= 5:
        (check_page if mode == "page" else check_hostile)(
            argv[2], argv[3], argv[4:])
    elif mode == "screenshot" and len(argv) == 5:
        check_screenshot(argv[2], int(argv[3]), int(argv[4]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for f in failures:
        print(f"dom_check {mode}: FAIL: {f}")
    if not failures:
        print(f"dom_check {mode}: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
