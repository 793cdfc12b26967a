"""sdi: the sustainable-development index of Kazakhstan's regions, reproduced.

The sub-packages are the layers, each importing only from those below it:

    errors, io, paths      the base: one-line input errors, atomic and reproducible writing, where files live
    inputs                 reading and checking what people wrote (raw tables, regions, indicators)
    method                 scores, pillar indices, ISDR, ranks, levels (Tables 7-14)
    risk, robustness       the risk maps (Tables 15-24); the robustness audit (independent of each other)
    reproduction           every published number against the recomputation, each difference diagnosed
    publish                everything a reader sees: tables, figures, maps, the memo, the HTML site
    tools                  what make runs: the notebook runner, the dependency reader, the pipeline's outputs for
                           make, the environment

Computation never imports presentation; a test enforces the order (tests/test_architecture.py).
ARCHITECTURE.md follows the data through the layers.
"""

__version__ = "0.1.0"

PILLARS = ("social", "economic", "ecological")
