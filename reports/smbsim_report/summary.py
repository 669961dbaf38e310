"""The plain-text summary (smbsim-report --summary): per target its totals
and the totals of each suite, as an aligned table for a terminal."""

from . import model

HEADS = ("tests",) + model.RESULTS + (model.NOT_RUN,)


def _plain(text):
    """text with anything that is not printable (escapes, newlines) shown
    as '?', so a name cannot move the terminal's cursor."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _line(name, c):
    run = sum(c[r] for r in model.RESULTS)
    return [name, str(run)] + [str(c[r]) for r in model.RESULTS] + \
        [str(c[model.NOT_RUN])]


def summary(matrix):
    """The table as one string ending in a newline."""
    rows = [["target / suite", *HEADS]]
    for col in matrix.columns:
        rows.append(_line(_plain(col.label), col.totals))
        for s in matrix.suites:
            rows.append(_line("  " + _plain(s.name),
                              s.totals[col.index - 1]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [r[0].ljust(widths[0])] + \
            [v.rjust(w) for v, w in zip(r[1:], widths[1:])]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out) + "\n"
