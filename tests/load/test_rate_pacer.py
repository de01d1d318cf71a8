"""The client's rate pacer: it spends the budget the server reports, less the requests in
flight, and an answer that comes back late never raises the budget a later answer lowered."""

from __future__ import annotations

import httpx
import pytest

from getbill_import.load.remote.client import RatePacer, RequestStats

NOW = 1_800_000_000.0


class _Clock:
    def __init__(self) -> None:
        self.now = NOW
        self.slept: list[float] = []

    def wall(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _answer(remaining: int, status: int = 202) -> httpx.Response:
    return httpx.Response(status, headers={"X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": str(int(NOW) + 60)})


def _sent_without_waiting(pacer: RatePacer, clock: _Clock) -> int:
    sent = 0
    while not clock.slept:
        pacer.acquire()
        sent += 1
    return sent - 1  # the last one waited


def test_the_budget_is_what_the_server_reports_less_the_requests_in_flight() -> None:
    clock = _Clock()
    pacer = RatePacer(wall=clock.wall, sleep=clock.sleep, stats=RequestStats())
    first, _still_in_flight = pacer.acquire(), pacer.acquire()
    pacer.release(_answer(10), first)
    assert _sent_without_waiting(pacer, clock) == 9
    assert clock.slept[0] == pytest.approx(60.05, abs=0.1)


def test_a_late_answer_to_an_earlier_request_does_not_raise_the_budget() -> None:
    clock = _Clock()
    pacer = RatePacer(wall=clock.wall, sleep=clock.sleep, stats=RequestStats())
    first, second = pacer.acquire(), pacer.acquire()
    pacer.release(_answer(3), second)  # counted second by the server: 3 left, one still in flight
    pacer.release(_answer(4), first)  # counted first: older news, which would allow 4
    assert _sent_without_waiting(pacer, clock) == 2


def test_a_refusal_always_stops_the_sending() -> None:
    clock = _Clock()
    pacer = RatePacer(wall=clock.wall, sleep=clock.sleep, stats=RequestStats())
    first, second = pacer.acquire(), pacer.acquire()
    pacer.release(_answer(5), second)
    pacer.release(httpx.Response(429, headers={"Retry-After": "7"}), first)
    assert _sent_without_waiting(pacer, clock) == 0
    assert clock.slept[0] == pytest.approx(7.05, abs=0.1)
