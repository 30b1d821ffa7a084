"""Adapters between messaging platforms and the core's Inbound/Outbound values."""
