"""The tools make runs: `run_notebook` runs one notebook under papermill the way make needs it (one
line on bad input, nothing half-written); `depends` reads which library files each step imports, and
`makefile` writes what `pipeline` says each step writes, for make's graph; `environment` makes .venv from
the lock. They compute nothing of the index.
"""
