"""Flows: the coach's YAML spec, its state machine, and the checks a step may name."""
