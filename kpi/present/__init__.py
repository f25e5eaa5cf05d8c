"""Presentation: house style, charts, tables for people, the printable briefing, the workbook export and the
interactive explorer.

Modules here import ``kpi.core``, ``kpi.inputs`` and ``kpi.model``, never ``kpi.build``.
"""
