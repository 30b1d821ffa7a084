"""Benchmarks and evaluations: run from a checkout, never shipped in the wheel."""
