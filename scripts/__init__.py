"""Authoring scripts for raw files and the calibration (run as modules: python -m scripts.calibrate)."""
