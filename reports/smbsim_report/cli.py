"""smbsim-report's command line: read and check every results file, then
write the page (and with --summary print the text table).

Exit status: 0 report written; 2 bad usage or a results file that is not
valid (every problem printed, nothing written); 1 the output could not be
written.
"""

import argparse
import os
import sys

from . import load, model, summary

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "out")
PROG = "smbsim-report"


def _parser():
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Turn smbsim-torture results (--json files, one per "
        "target server) into one HTML conformance report: a matrix of "
        "tests x targets with charts and the failing tests' captures.")
    p.add_argument("results", nargs="+", metavar="RESULTS.json",
                   help="a results file written by smbsim-torture --json")
    p.add_argument("-o", "--outdir", default=DEFAULT_OUT,
                   help="where to write index.html, the charts and pcaps/ "
                   "(default: %(default)s)")
    p.add_argument("--summary", action="store_true",
                   help="also print a plain-text table of the totals per "
                   "target and per suite")
    return p


def main(argv):
    args = _parser().parse_args(argv)
    runs, errors = [], []
    for path in args.results:
        try:
            runs.append(load.load(path))
        except load.InputError as e:
            errors.extend(e.errors)
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        return 2
    # matplotlib takes most of a second to import: only once the input
    # is known to be good.
    from . import render
    try:
        index, warnings = render.write_report(runs, args.outdir)
    except OSError as e:
        where = f": {e.filename}" if e.filename else ""
        print(f"{PROG}: cannot write the report{where}: {e.strerror}",
              file=sys.stderr)
        return 1
    for w in warnings:
        print(f"{PROG}: warning: {w}", file=sys.stderr)
    if args.summary:
        print(summary.summary(model.build_matrix(runs)), end="")
    print(index)
    return 0
