"""The model: trend projection and its calibration, official progress measures, the assessment of every target,
scenarios, coherence of the targets, relative growth and derived emissions.

Modules here import ``kpi.core`` and ``kpi.inputs``, never ``kpi.present`` or ``kpi.build``.
"""
