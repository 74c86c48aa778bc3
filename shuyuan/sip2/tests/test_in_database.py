"""The event loop's hand-over to a database thread (``server.in_database``): the answer or the error
comes back, the deadline is kept while the thread still works, and a request given up at its deadline
or cancelled lets its thread finish and drops the late answer without an error on the loop."""

import asyncio
import threading
import time

import pytest

from shuyuan.sip2 import server
from shuyuan.sip2.database import DeadlineExceeded

pytestmark = pytest.mark.django_db(transaction=True)


def recording_loop_errors(errors: list[dict]) -> None:
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: errors.append(context))


def test_the_answer_of_the_database_thread_comes_back_to_the_loop():
    async def scenario():
        return await server.in_database(lambda a, b: (a + b, threading.current_thread().name), 40, 2)

    total, thread = server.run(scenario())
    assert (total, thread.startswith("sip2-database")) == (42, True)


def test_the_error_of_the_database_thread_is_raised_in_the_loop():
    def refuse():
        raise LookupError("no such reader")

    async def scenario():
        with pytest.raises(LookupError, match="no such reader"):
            await server.in_database(refuse, deadline=time.monotonic() + 5)

    server.run(scenario())


def test_a_request_still_running_at_its_deadline_is_given_up_then_and_not_when_it_ends():
    errors: list[dict] = []

    async def scenario():
        recording_loop_errors(errors)
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            await server.in_database(time.sleep, 0.6, deadline=started + 0.1)
        given_up = time.monotonic() - started
        await asyncio.sleep(0.7)  # the thread's late answer arrives, and is dropped
        return given_up

    assert server.run(scenario()) < 0.4
    assert errors == []


def test_a_cancelled_request_lets_its_thread_finish_and_drops_the_answer():
    errors: list[dict] = []
    done: list[str] = []

    def work():
        time.sleep(0.2)
        done.append("written")
        return "answer"

    async def scenario():
        recording_loop_errors(errors)
        waiting = asyncio.create_task(server.in_database(work, deadline=time.monotonic() + 5))
        await asyncio.sleep(0.05)
        waiting.cancel()
        await asyncio.sleep(0.4)
        return waiting.cancelled()

    assert (server.run(scenario()), done, errors) == (True, ["written"], [])
