"""The inputs: reading what people wrote, and refusing what is wrong with one line that says where.

`readers` reads a CSV as text with the line numbers a person sees and turns cells into numbers (a
spreadsheet's semicolons and decimal commas included); `metadata` loads the two tables that drive the
index, `regions.csv` and `indicators.csv` (and the plausible ranges), and names the regions as every
output names them; `cleaning` turns a year's three raw pillar files into one long table; `templates`
writes a new year's empty files and its checklist. Nothing here computes the index.
"""
