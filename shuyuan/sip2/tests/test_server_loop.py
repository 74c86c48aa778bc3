"""The server's event loop (``server.run``): uvloop, with the GIL handed over sooner while it runs."""

import sys

from shuyuan.sip2 import server


async def switch_interval() -> float:
    return sys.getswitchinterval()


def test_the_server_hands_the_gil_over_within_a_millisecond_while_it_runs_and_restores_the_interval_after():
    before = sys.getswitchinterval()
    assert server.run(switch_interval()) < 0.001
    assert sys.getswitchinterval() == before
