"""Giving freed memory back to the system after the garbage collector's full collections.

Textual's widgets, screens and rendered lines form reference cycles: what a closed dialog
or a left screen held is freed by the collector's full (generation 2) collections, not by
reference counting. glibc's ``malloc`` keeps the freed memory for later and only returns
the top of its heap; ``malloc_trim(0)`` gives back every free page inside the heap as well
(1–2 MiB of resident memory after an hour at the desk). It costs well under a
millisecond, and full collections are rare, so it runs after each one that freed
something. Elsewhere than glibc (musl, macOS) there is nothing to call and nothing is done.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_installed = False


def _load_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc (TypeError: Windows)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def _after_collection(phase: str, info: dict[str, int]) -> None:
    if phase == "stop" and info.get("generation") == 2 and info.get("collected") \
            and _trim is not None:
        _trim(0)


def trim_after_full_collections() -> None:
    """Install the collector callback (once per process; later calls do nothing)."""
    global _trim, _installed
    if _installed:
        return
    _installed = True
    _trim = _load_trim()
    if _trim is not None:
        gc.callbacks.append(_after_collection)
