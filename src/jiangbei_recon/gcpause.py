"""``without_gc``: run a pipeline stage with Python's cyclic garbage collector paused.

The stages allocate hundreds of thousands of small objects (paragraphs, sides,
divergences) and create no reference cycles, but every allocation burst makes
the collector walk the whole young heap and, now and then, everything: on a
book-length pair that walk is a quarter of the run time and grows faster than
the input.  Reference counting still frees everything as usual.
"""

from __future__ import annotations

import functools
import gc


def without_gc(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not gc.isenabled():  # nested, or the caller paused it already
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper
