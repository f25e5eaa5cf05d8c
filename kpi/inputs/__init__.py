"""Inputs: reading what is under ``data/raw`` — workbooks, cells, units, registries, provenance, yearbook tables,
published facts, hand-filled history workbooks, the target registry — into validated tidy frames.

Modules here import ``kpi.core`` and each other, never ``kpi.model``, ``kpi.present`` or ``kpi.build``.
"""
