"""Benchmarks of the projection engine and the main command (run as modules: python -m bench.run)."""
