"""Timing and peak-memory helpers shared by the benchmark commands."""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * _PAGE


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class Stage:
    name: str
    seconds: float = 0.0
    peak_rss: int = 0
    rows: int = 0


@dataclass
class Stopwatch:
    stages: list[Stage] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str, rows: int = 0) -> Iterator[Stage]:
        """Time a stage and sample its peak resident memory every 10 ms."""
        result = Stage(name, rows=rows)
        peak = [rss_bytes()]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.01):
                peak[0] = max(peak[0], rss_bytes())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        try:
            yield result
        finally:
            result.seconds = time.perf_counter() - start
            done.set()
            sampler.join()
            result.peak_rss = max(peak[0], rss_bytes())
            self.stages.append(result)

    def print(self, title: str) -> None:
        print(f"\n{title}")
        print(f"{'stage':<28}{'seconds':>10}{'rows/s':>14}{'peak RSS':>12}")
        for s in self.stages:
            rate = f"{s.rows / s.seconds:,.0f}" if s.rows and s.seconds else "-"
            print(f"{s.name:<28}{s.seconds:>10.2f}{rate:>14}{s.peak_rss / 2**20:>9.0f} MiB")
        print(f"process peak RSS: {peak_rss_bytes() / 2**20:.0f} MiB")
