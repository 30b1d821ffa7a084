"""Storage adapters behind the Store port: TinyDB files on disk, or memory for tests.

The core imports neither: it receives a Store. `Cipher` is the seam for encryption at rest.
"""

from __future__ import annotations

from bot.storage.atomic import AtomicJSONStorage, Cipher, IdentityCipher
from bot.storage.memory import MemoryStore
from bot.storage.tiny import TinyStore

__all__ = ["AtomicJSONStorage", "Cipher", "IdentityCipher", "MemoryStore", "TinyStore"]
