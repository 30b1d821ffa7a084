"""Loopback fakes of the platforms' APIs, speaking their real wire formats."""
