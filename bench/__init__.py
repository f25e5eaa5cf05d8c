"""Benchmarks of the projection engine and the main command (run as modules: python -m bench.run).

Every method fits one short series at a time, so the numerical libraries run single-threaded here (set before
numpy is imported, inherited by the worker and peer processes): with one BLAS thread per core on a shared machine,
statsmodels' Theta took 5 s a fit instead of 0.3 s, and timings measured thread contention, not the methods.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
