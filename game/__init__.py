"""Callinicum 531: start the battle. `python main.py --help` lists every option."""

import os

# One BLAS thread. The only matrix products are the terrain's separable blurs and samplers,
# small enough that a second thread saves nothing, and that core belongs to the worker process
# pre-computing the battle: OpenBLAS threads spinning on it doubled the CPU of a cold start.
# Same results bit for bit (a frame's PNG is byte-identical). Read when numpy loads, so it is
# set here, before any module of the game imports numpy; an explicit setting is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
