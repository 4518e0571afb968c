"""without_gc pauses the collector for a stage and always restores it."""

import gc

import pytest

from jiangbei_recon.gcpause import without_gc


def test_pauses_and_restores_even_on_error():
    seen = []

    @without_gc
    def stage(fail=False):
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("boom")
        return 42

    assert gc.isenabled()
    assert stage() == 42 and seen == [False] and gc.isenabled()
    with pytest.raises(ValueError):
        stage(fail=True)
    assert gc.isenabled()


def test_leaves_a_paused_collector_paused():
    @without_gc
    def stage():
        return gc.isenabled()

    gc.disable()
    try:
        assert stage() is False and not gc.isenabled()
    finally:
        gc.enable()
