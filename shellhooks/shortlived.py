"""Garbage collection off for the commands that live a few milliseconds (`statusline`,
`prompt`): their reference cycles are not worth collecting, and the interpreter's
last collection at exit would walk every object left."""

from __future__ import annotations


def start() -> None:
    """Garbage collection off for a process that lives a few milliseconds and makes no
    reference cycles worth collecting: no collection while it runs, and (from an
    `atexit` hook) none at exit, where the interpreter's last collection would walk
    every object left. The objects are still freed as usual; `end()` turns collection
    back on for callers that go on running (tests)."""
    import gc

    global _gc_was_enabled, _freeze_registered
    _gc_was_enabled = gc.isenabled()
    gc.disable()
    if not _freeze_registered:
        import atexit

        atexit.register(gc.freeze)
        _freeze_registered = True


def end() -> None:
    """Undo start()'s `gc.disable()` (the exit hook stays: it only runs at exit)."""
    if _gc_was_enabled:
        import gc

        gc.enable()


_gc_was_enabled = False
_freeze_registered = False
