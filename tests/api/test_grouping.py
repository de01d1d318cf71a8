"""The group commit queue behind POST /debts and POST /debts/batch."""

from __future__ import annotations

import asyncio
import random
import time

from getbill_import.api.grouping import GroupQueue


def _recording(sizes: list[int]):  # type: ignore[no-untyped-def]
    def process(items: list[int]) -> list[int]:
        sizes.append(len(items))
        time.sleep(0.01)
        return [item * 10 for item in items]

    return process


def test_each_item_gets_its_own_result_and_clients_that_come_back_form_one_group() -> None:
    sizes: list[int] = []

    async def main() -> list[list[int]]:
        queue: GroupQueue[int, int] = GroupQueue(_recording(sizes), len, linger=5.0)
        rng = random.Random(7)

        async def client(k: int) -> list[int]:
            got = []
            for round_ in range(4):
                got.append(await queue.submit(k * 100 + round_))
                await asyncio.sleep(rng.random() / 50)  # answers reach clients at different times
            return got

        return await asyncio.gather(*(client(k) for k in range(5)))

    results = asyncio.run(main())
    assert results == [[(k * 100 + r) * 10 for r in range(4)] for k in range(5)]
    # each round waited for the five clients instead of splitting into smaller groups
    assert sizes == [5, 5, 5, 5]


def test_without_linger_the_groups_split() -> None:
    sizes: list[int] = []

    async def main() -> None:
        queue: GroupQueue[int, int] = GroupQueue(_recording(sizes), len, linger=0)

        async def client(k: int) -> None:
            for round_ in range(4):
                await queue.submit(round_)
                await asyncio.sleep(0.002 * k)

        await asyncio.gather(*(client(k) for k in range(5)))

    asyncio.run(main())
    assert sum(sizes) == 20 and len(sizes) > 4


def test_take_bounds_a_group() -> None:
    sizes: list[int] = []

    async def main() -> None:
        queue: GroupQueue[int, int] = GroupQueue(_recording(sizes), lambda queued: min(len(queued), 3), linger=5.0)
        assert await asyncio.gather(*(queue.submit(i) for i in range(6))) == [i * 10 for i in range(6)]

    asyncio.run(main())
    assert sizes == [3, 3]


def test_a_failing_group_fails_each_of_its_items_and_the_queue_goes_on() -> None:
    calls: list[list[int]] = []

    def process(items: list[int]) -> list[int]:
        calls.append(items)
        if 13 in items:
            raise ValueError("bad group")
        return items

    async def main() -> tuple[list[object], int]:
        queue: GroupQueue[int, int] = GroupQueue(process, len, linger=0)
        failed = await asyncio.gather(queue.submit(13), queue.submit(14), return_exceptions=True)
        return failed, await queue.submit(15)

    failed, after = asyncio.run(main())
    assert all(isinstance(f, ValueError) for f in failed)
    assert after == 15


def test_a_single_client_is_never_held_back() -> None:
    async def main() -> float:
        # were a group ever to wait for the linger, twenty requests would take minutes
        queue: GroupQueue[int, int] = GroupQueue(lambda items: items, len, linger=10.0)
        began = time.monotonic()
        for i in range(20):
            assert await queue.submit(i) == i
        return time.monotonic() - began

    assert asyncio.run(main()) < 5.0


def test_a_group_waits_for_the_announced_items_still_being_made() -> None:
    sizes: list[int] = []

    async def main() -> list[int]:
        queue: GroupQueue[int, int] = GroupQueue(_recording(sizes), len, linger=10.0)

        async def slow_to_parse(item: int, delay: float) -> int:
            queue.announce()
            await asyncio.sleep(delay)  # its body is being parsed
            return await queue.submit(item, announced=True)

        return await asyncio.gather(queue.submit(1), slow_to_parse(2, 0.05), slow_to_parse(3, 0.1))

    assert asyncio.run(main()) == [10, 20, 30]
    assert sizes == [3]


def test_a_withdrawn_announcement_is_not_waited_for() -> None:
    sizes: list[int] = []

    async def main() -> float:
        # were the group to wait for the withdrawn item, it would wait the whole linger
        queue: GroupQueue[int, int] = GroupQueue(_recording(sizes), len, linger=10.0)
        began = time.monotonic()
        queue.announce()
        first = asyncio.ensure_future(queue.submit(1))
        await asyncio.sleep(0.05)
        queue.withdraw()  # its body was not JSON
        assert await first == 10
        return time.monotonic() - began

    assert asyncio.run(main()) < 5.0
    assert sizes == [1]
