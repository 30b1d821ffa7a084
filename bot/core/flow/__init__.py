"""Flows at run time: one state machine per flow spec (bot.config.flows), the runner, the checks."""
