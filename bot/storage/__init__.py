"""Storage adapters behind the Store port: TinyDB files on disk, or memory for tests.

The core imports neither: it receives a Store. `Cipher` is the seam for encryption at rest.
The stores themselves are imported on first use, so that a store write helper
(bot/storage/write_helper.py, a process of its own) starts with only what writes files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.storage.atomic import AtomicJSONStorage, Cipher, IdentityCipher

if TYPE_CHECKING:
    from bot.storage.memory import MemoryStore
    from bot.storage.tiny import TinyStore

__all__ = ["AtomicJSONStorage", "Cipher", "IdentityCipher", "MemoryStore", "TinyStore"]


def __getattr__(name: str) -> Any:
    if name == "MemoryStore":
        from bot.storage.memory import MemoryStore

        return MemoryStore
    if name == "TinyStore":
        from bot.storage.tiny import TinyStore

        return TinyStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
