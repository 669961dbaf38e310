"""smbsim_report: smbsim-torture results JSON in, HTML conformance report
out.

load     read and validate a results file (schema smbsim-torture-results/1)
model    runs, the tests x targets matrix, counts, colours
charts   one stacked-bar chart of results by suite per target (matplotlib)
output   the output directory: pages, charts, copied captures
render   the page from the jinja2 templates in reports/templates/
summary  the plain-text table of --summary
cli      the command line of reports/smbsim-report
"""
