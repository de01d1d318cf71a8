"""The key of the webhook secrets at rest: created once in the data folder, whole, by whichever of
several processes starting together gets there first (a server and its worker do)."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

from getbill_import.webhooks.secretbox import KEY_FILE, SecretBox


def _seal(args: tuple[str, int]) -> str:
    folder, n = args
    return SecretBox.load(None, Path(folder)).seal(f"secret {n}")


def test_processes_starting_together_share_one_whole_key(tmp_path: Path) -> None:
    for attempt in range(5):
        folder = tmp_path / f"data{attempt}"
        with multiprocessing.get_context("spawn").Pool(8) as pool:
            sealed = pool.map(_seal, [(str(folder), n) for n in range(8)])
        box = SecretBox.load(None, folder)
        # every process sealed with the key that stayed: one key, read whole by all
        assert [box.open(s) for s in sealed] == [f"secret {n}" for n in range(8)]
        assert [p.name for p in folder.iterdir()] == [KEY_FILE]
        assert stat.S_IMODE((folder / KEY_FILE).stat().st_mode) == 0o600
