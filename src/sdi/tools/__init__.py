"""The tools make runs: `run_notebook` runs one notebook under papermill the way make needs it (one
line on bad input, nothing half-written); `depends` reads which library files each step imports, for
make's graph. They compute nothing of the index.
"""
