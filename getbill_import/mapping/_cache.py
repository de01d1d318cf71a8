"""The vocabularies built from ``mappings/`` kept on disk between runs.

Building the header vocabulary, the composition lexicon and the value lists normalises some
20,000 terms: about 0.2 s of every command. The built objects are kept in the user's cache
folder (``GETBILL_CACHE_DIR``, else ``$XDG_CACHE_HOME/getbill-import``, else
``~/.cache/getbill-import``; ``GETBILL_CACHE_DIR=off`` keeps nothing), each under a key made of
the bytes of the files it was built from and of the code that builds it: an edited vocabulary or
a new version of the tool builds again. The folder is the user's own (made ``0700``, and left
unused when it belongs to another user or others may write in it), as Python's own bytecode
cache is. A cache that cannot be read or written is only slower, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_ENV = "GETBILL_CACHE_DIR"
#: what turns the cache off
OFF = ("", "0", "off", "none", "false", "no")
_PACKAGE = Path(__file__).resolve().parent.parent


def built(kind: str, sources: Iterable[Path], build: Callable[[], T], *extra: str) -> T:
    """What ``build`` returns, read from the cache when ``sources`` (files; a missing one counts
    as missing), ``extra`` and the tool's code are those it was built from, else built and kept."""
    folder = cache_dir()
    if folder is None:
        return build()
    files = sorted(Path(p) for p in sources)
    digest = hashlib.sha256(_code_key().encode())
    for path in files:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing\0")
    for item in extra:
        digest.update(b"\0" + item.encode())
    # (the entries of one folder and one ``extra`` replace each other; those of others stay)
    where = hashlib.sha256("\0".join([*(str(p.parent) for p in files[:1]), *extra]).encode()).hexdigest()[:12]
    path = folder / f"{kind}-{where}-{digest.hexdigest()[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:
        # a broken entry, or one of another Python, is built again
        pass
    value = build()
    _keep(folder, path, value, f"{kind}-{where}-")
    return value


def cache_dir() -> Path | None:
    """The cache folder, made when missing; None when turned off or not safe to use."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None and setting.strip().casefold() in OFF:
        return None
    if setting:
        folder = Path(setting).expanduser()
    else:
        try:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        except RuntimeError:
            # no home folder to keep it in
            return None
        folder = Path(base) / "getbill-import"
    return _usable(str(folder))


@lru_cache(maxsize=8)
def _usable(folder: str) -> Path | None:
    path = Path(folder)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return None
    return path


@lru_cache(maxsize=1)
def _code_key() -> str:
    """The tool's code as it stood when this process loaded it: the size and time of each of its
    modules, read once on import (``CODE_KEY``), so that a process started before the tool's files
    were replaced (an upgrade under a running server) keeps the objects its old code builds under the
    old code's key, never the new one's."""
    parts = []
    for module in sorted(_PACKAGE.rglob("*.py")):
        try:
            info = module.stat()
        except OSError:
            continue
        parts.append(f"{module.relative_to(_PACKAGE)}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


def _keep(folder: Path, path: Path, value: object, prefix: str) -> None:
    """``value`` written to ``path`` whole or not at all; the older entries of the same files removed."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{prefix}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


#: the code's key, taken as this module is loaded (see ``_code_key``)
CODE_KEY = _code_key()
