"""Cadre: a messaging bot that frames asynchronous mentoring between coaching sessions."""

__version__ = "0.1.0"
