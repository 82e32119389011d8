"""Outcome sweeps: many headless battles over seeds, accounts, strengths, scales and what-ifs.

Every battle is a pure function of its inputs (DESIGN.md, "Beyond one core, beyond one
machine"), so runs are cached on disk by those inputs and fanned out to a local process pool
or a Dask cluster. `python -m game.sweep --help` lists the options; `cli` is the entry.
"""
