"""The TinyDB adapter: one file per person plus small indexes, durable atomic writes."""

from bot.storage.tiny.store import TinyStore, person_name

__all__ = ["TinyStore", "person_name"]
