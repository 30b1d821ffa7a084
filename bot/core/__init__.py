"""The channel-agnostic core: flows as state machines, conversations, mentor actions."""
