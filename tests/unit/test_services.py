"""Summit is frozen dependencies; its changing parts are small objects with their own locks."""

import dataclasses
import threading

import pytest

from bot.services import Health


def test_summit_is_frozen(summit):
    with pytest.raises(dataclasses.FrozenInstanceError):
        summit.store = None


def test_health_reads_like_a_dict_while_threads_write():
    health = Health()

    def write(n):
        for i in range(500):
            health[f"t{n}"] = i
            health.update({f"u{n}": i})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {**health} == {**{f"t{n}": 499 for n in range(4)}, **{f"u{n}": 499 for n in range(4)}}
