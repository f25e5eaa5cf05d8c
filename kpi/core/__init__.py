"""The base every layer may use: paths, errors, settings, vocabulary and labels, atomic output files, the cache.

Modules here import nothing of ``kpi`` outside ``kpi.core``.
"""
