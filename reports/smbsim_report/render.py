"""The HTML page: jinja2 templates (reports/templates/) over the Matrix,
written with its charts and captures into an output directory.

Autoescaping is on for every template: test messages, reasons and even
labels come from servers and profiles and are shown as text, never as
markup.  The only markup built outside the templates is linkify()'s
links, from escaped parts and http(s) URLs only.  The page loads nothing
from the network and has no script; its Content-Security-Policy says so.
"""

from dataclasses import dataclass
import os
import re

import jinja2
import markupsafe

from . import charts, model, output

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "templates")
_URL = re.compile(r"https?://[^\s<>\"';]+")


@dataclass
class Capture:
    """A failing test's capture as the page links it: href (relative to
    index.html) and size, or why there is none (problem)."""
    href: str = None
    size: int = 0
    problem: str = None


def ms(value):
    """A duration in milliseconds, for people: 2.1 ms, 1.83 s, 2 min 5 s."""
    if value < 1000:
        return f"{value:.3g} ms" if value < 100 else f"{value:.0f} ms"
    s = value / 1000
    if s < 60:
        return f"{s:.3g} s" if s < 10 else f"{s:.1f} s"
    m, s = divmod(round(s), 60)
    return f"{m} min {s} s"


def utc(t):
    return t.strftime("%Y-%m-%d %H:%M:%S UTC")


def size(n):
    for unit in ("bytes", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def linkify(text):
    """text escaped, with each http(s) URL in it made a link."""
    out = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,)")
        end = m.start() + len(url)
        out.append(markupsafe.escape(text[pos:m.start()]))
        out.append(markupsafe.Markup('<a href="{0}">{0}</a>').format(url))
        pos = end
    out.append(markupsafe.escape(text[pos:]))
    return markupsafe.Markup("").join(out)


def environment():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(ms=ms, utc=utc, size=size, linkify=linkify)
    env.globals.update(RESULTS=model.RESULTS, NOT_RUN=model.NOT_RUN,
                       COLOURS=model.COLOURS, TINTS=model.TINTS,
                       PROBLEMS=model.PROBLEMS)
    return env


def page(matrix, captures, chart_files):
    """The page's HTML for matrix.  captures maps (column index, test id)
    to a Capture; chart_files maps column key to the chart's file name."""
    return environment().get_template("index.html.j2").render(
        matrix=matrix, captures=captures, charts=chart_files,
        sources=[c.run.source for c in matrix.columns])


def write_report(runs, outdir):
    """Write the report of runs into outdir; return (path of index.html,
    warnings).  A capture that cannot be copied is a warning, and its
    cell says so."""
    matrix = model.build_matrix(runs)
    out = output.OutDir(outdir)
    warnings = []
    captures = {}
    for col in matrix.columns:
        for i, t in enumerate(col.run.tests):
            if t.pcap is None:
                continue
            href, n, problem = out.copy_capture(t.pcap, col.key, t.id)
            captures[(col.index, t.id)] = Capture(href, n, problem)
            if problem:
                warnings.append(f"{col.run.source}: tests[{i}].pcap: "
                                f"{problem}; the report says so in its cell")
    chart_files = {}
    for col in matrix.columns:
        name = f"chart-{col.key}.svg"
        charts.write_chart(matrix, col, out.file(name))
        chart_files[col.key] = name
    index = out.write_text("index.html", page(matrix, captures, chart_files))
    out.finish()
    return index, warnings
