"""One chart per target: its results by suite as horizontal stacked bars
(SVG, matplotlib's Agg backend, no display needed).

Every chart lists every suite of the matrix on the same scale, so charts
of different targets side by side compare suite for suite.  Text is drawn
as paths, and mathtext is off: names from results files are shown as
written, never interpreted.
"""

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)

from . import model  # noqa: E402

# Reproducible SVG: fixed ids, no creation date.
matplotlib.rcParams["svg.hashsalt"] = "smbsim-report"
matplotlib.rcParams["svg.fonttype"] = "path"
matplotlib.rcParams["text.parse_math"] = False

WIDTH_IN = 5.0
ROW_IN = 0.3             # height per suite
BASE_IN = 1.5            # title, axis and legend
MAX_LABEL = 28           # suite names longer than this are cut in charts
# "not run" is drawn light: it is the absence of a result.
_FILL = {model.NOT_RUN: "#dedede"}


def _cut(text):
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "\u2026"


def write_chart(matrix, column, path):
    """Write column's results by suite to path (SVG)."""
    i = column.index - 1
    suites = matrix.suites
    names = [_cut(s.name) for s in suites]
    scale = max([len(s.rows) for s in suites] + [1])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, BASE_IN + ROW_IN *
                                    max(len(suites), 1)))
    try:
        ys = list(range(len(suites)))
        left = [0] * len(suites)
        for r in model.RESULTS + (model.NOT_RUN,):
            widths = [s.totals[i][r] for s in suites]
            ax.barh(ys, widths, left=left,
                    color=_FILL.get(r, model.COLOURS[r]),
                    label=r, height=0.7, edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, widths)]
        ax.set_yticks(ys, names)
        ax.invert_yaxis()
        ax.set_xlim(0, scale)
        ax.set_xlabel("tests")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(f"{column.label}: results by suite", loc="left",
                     fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        if not suites:
            ax.text(0.5, 0.5, "no tests", transform=ax.transAxes,
                    ha="center", va="center")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 /
                  (BASE_IN + ROW_IN * max(len(suites), 1))),
                  ncol=len(model.RESULTS) + 1, fontsize=8, frameon=False,
                  handlelength=1.2, columnspacing=1.0)
        fig.savefig(path, format="svg", bbox_inches="tight",
                    metadata={"Date": None})
    finally:
        plt.close(fig)
