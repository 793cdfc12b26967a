"""Presentation: everything a reader sees, in Kazakh and in English.

`labels` holds the bilingual labels; `tables` writes Tables 7-14 and `risk_tables` Tables 15-24 (CSV,
Markdown, workbook, Word); `figures`, `maps`, `risk_figures` and `robustness_figures` draw the
figures at their printed size; `reproduction_report` (with `reproduction_risk_report`, its section on
the risk maps) writes the reviewer's memo; `robustness_report` the audit's tables and conclusions;
`site` the HTML site of a year. Computation never imports from here.
"""
