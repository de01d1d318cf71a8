"""The remote side: what the watcher needs from an SFTP server (``RemoteFS``), and its paramiko
implementation.

The watcher is handed a ``Connector`` (a source → an open ``RemoteFS``), so tests and other
transports plug in. ``paramiko_connector`` verifies the server's host key against the source's
known_hosts file (an unknown or changed key refuses the connection), bounds connect, banner,
auth and every later operation with timeouts, and turns failures into three kinds of errors:
``RemoteUnavailable`` (worth retrying: refused, dropped, timed out), ``HostKeyError`` /
``RemoteAuthError`` (a person must act) and ``RemoteFileError`` (this path only).
"""

from __future__ import annotations

import socket
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from getbill_import.errors import GetbillError, TransientError
from getbill_import.sftp.config import SourceConfig

if TYPE_CHECKING:
    import paramiko


class RemoteUnavailable(TransientError):
    """The server cannot be reached, or the connection dropped or timed out."""

    code = "sftp-unreachable"


class HostKeyError(GetbillError):
    """The server's host key is unknown or differs from the one recorded."""

    code = "sftp-host-key-refused"


class RemoteAuthError(GetbillError):
    """The server refused the user's key and password."""

    code = "sftp-login-refused"


class RemoteFileError(GetbillError):
    """One remote path cannot be used (missing, permission denied…)."""

    code = "sftp-path-refused"

    def __init__(self, message: str, *, missing: bool = False, exists: bool = False) -> None:
        super().__init__(message)
        self.missing = missing
        self.exists = exists


class LocalWriteError(GetbillError):
    """A download cannot be written locally (full disk, permissions)."""

    code = "local-write-failed"


@dataclass(frozen=True)
class RemoteEntry:
    name: str
    path: str
    size: int
    #: whole seconds since the epoch, as the server reports it
    mtime: int
    is_dir: bool = False
    is_file: bool = True


class RemoteFS(Protocol):
    def list(self, folder: str) -> list[RemoteEntry]:
        """The entries of ``folder`` (raises RemoteFileError(missing=True) when it does not exist)."""

    def stat(self, path: str) -> RemoteEntry | None:
        """The entry at ``path``, or None when there is none."""

    def download(self, path: str, local: Path) -> int:
        """Copy ``path`` into the local file ``local``; returns the bytes written."""

    def upload(self, local: Path, path: str) -> None:
        """Copy the local file to ``path`` (which must not exist yet)."""

    def rename(self, source: str, target: str) -> None:
        """Move ``source`` to ``target``; never replaces: RemoteFileError(exists=True) if taken."""

    def makedirs(self, path: str) -> None:
        """Create ``path`` and its parents when missing."""

    def close(self) -> None: ...


Connector = Callable[[SourceConfig], RemoteFS]


def join(folder: str, name: str) -> str:
    if folder in ("", "."):
        return name
    return f"{folder.rstrip('/')}/{name}"


# --- paramiko -------------------------------------------------------------------------------


def paramiko_connector(source: SourceConfig) -> RemoteFS:
    """Connect to ``source`` over SSH and open an SFTP session."""
    import paramiko

    client = paramiko.SSHClient()
    known = source.known_hosts
    if not known.is_file():
        raise HostKeyError(
            f"Source '{source.name}': the known_hosts file {known} does not exist, so the host key "
            f"of {source.host}:{source.port} cannot be checked. Record it with "
            f"'getbill-import sftp trust-host {source.name}' after checking its fingerprint."
        )
    try:
        client.load_host_keys(str(known))
    except (OSError, paramiko.SSHException) as exc:
        raise HostKeyError(f"Source '{source.name}': cannot read the known_hosts file {known}: {exc}.") from None
    client.set_missing_host_key_policy(_RefuseUnknown())
    try:
        client.connect(
            source.host, port=source.port, username=source.user,
            key_filename=str(source.key_file) if source.key_file else None,
            passphrase=source.passphrase, password=source.password,
            timeout=source.connect_timeout, banner_timeout=source.connect_timeout,
            auth_timeout=source.connect_timeout, channel_timeout=source.connect_timeout,
            allow_agent=False, look_for_keys=False,
        )
        sftp = client.open_sftp()
        channel = sftp.get_channel()
        assert channel is not None
        channel.settimeout(source.io_timeout)
    except BaseException as exc:
        client.close()
        raise _connect_error(exc, source) from None
    return ParamikoRemote(client, sftp, source)


class _UnknownHostKey(Exception):
    def __init__(self, key: paramiko.PKey) -> None:
        super().__init__("unknown host key")
        self.key = key


class _RefuseUnknown:
    """Like paramiko's RejectPolicy, keeping the key to show its fingerprint."""

    def missing_host_key(self, client: Any, hostname: str, key: paramiko.PKey) -> None:
        raise _UnknownHostKey(key)


def _connect_error(exc: BaseException, source: SourceConfig) -> GetbillError:
    import paramiko

    where = f"Source '{source.name}' ({source.address})"
    if isinstance(exc, GetbillError):
        return exc
    if isinstance(exc, _UnknownHostKey):
        return HostKeyError(
            f"{where}: the server's host key ({exc.key.get_name()} {fingerprint(exc.key)}) is not in "
            f"{source.known_hosts}; the connection was refused. Check the fingerprint with the "
            f"server's administrator, then record it with 'getbill-import sftp trust-host {source.name}'."
        )
    if isinstance(exc, paramiko.BadHostKeyException):
        return HostKeyError(
            f"{where}: THE SERVER'S HOST KEY HAS CHANGED: it offered {exc.key.get_name()} "
            f"{fingerprint(exc.key)}, {source.known_hosts} records {fingerprint(exc.expected_key)}. "
            "Someone may be intercepting the connection; it was refused. If the server's key was "
            f"really replaced, confirm the new fingerprint with its administrator and run "
            f"'getbill-import sftp trust-host {source.name} --replace'."
        )
    if isinstance(exc, paramiko.PasswordRequiredException):
        return RemoteAuthError(
            f"{where}: the key file {source.key_file} is encrypted; set passphrase_env to a variable "
            "holding its passphrase."
        )
    if isinstance(exc, paramiko.AuthenticationException):
        tried = " and ".join(x for x in (f"the key {source.key_file}" if source.key_file else "",
                                         "the password" if source.password else "") if x)
        return RemoteAuthError(
            f"{where}: the server refused {tried} ({exc}). Check the user name and that the key is "
            "authorised on the server (or the password)."
        )
    if isinstance(exc, paramiko.SSHException) and "not a valid" in str(exc).lower():
        return RemoteAuthError(f"{where}: the key file {source.key_file} cannot be used: {exc}.")
    if isinstance(exc, socket.gaierror):
        return RemoteUnavailable(f"{where}: the host name cannot be resolved ({exc.strerror or exc}).")
    if isinstance(exc, TimeoutError):
        return RemoteUnavailable(f"{where}: no answer within {source.connect_timeout:g} s.")
    if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError):
        return RemoteUnavailable(f"{where}: the connection was refused (is the SFTP server running?).")
    if isinstance(exc, paramiko.SSHException | EOFError | OSError):
        return RemoteUnavailable(f"{where}: the SSH connection failed ({_describe(exc)}).")
    if isinstance(exc, Exception):
        return RemoteUnavailable(f"{where}: the SSH connection failed ({_describe(exc)}).")
    raise exc


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or getattr(exc, "strerror", None) or ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class ParamikoRemote:
    def __init__(self, client: paramiko.SSHClient, sftp: paramiko.SFTPClient, source: SourceConfig) -> None:
        self.client = client
        self.sftp = sftp
        self.source = source
        #: folders known to exist on this connection (archive folders are asked for per file)
        self._folders: set[str] = set()

    def _alive(self) -> bool:
        transport = self.client.get_transport()
        return bool(transport and transport.is_active())

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        """SFTP failures as watcher errors: a dead or silent connection is RemoteUnavailable,
        anything else concerns this one path."""
        import paramiko

        where = f"Source '{self.source.name}' ({self.source.address})"
        try:
            yield
        except GetbillError:
            raise
        except FileNotFoundError:
            raise RemoteFileError(f"{where}: {what}: no such file or folder.", missing=True) from None
        except PermissionError:
            raise RemoteFileError(f"{where}: {what}: permission denied.") from None
        except TimeoutError:
            raise RemoteUnavailable(f"{where}: {what}: no answer within {self.source.io_timeout:g} s.") from None
        except (paramiko.SSHException, EOFError, OSError) as exc:
            if isinstance(exc, paramiko.SSHException | EOFError) or not self._alive():
                raise RemoteUnavailable(f"{where}: {what}: the connection dropped ({_describe(exc)}).") from None
            raise RemoteFileError(f"{where}: {what}: {_describe(exc)}.") from None

    def list(self, folder: str) -> list[RemoteEntry]:
        with self._guard(f"listing {folder}"):
            attrs = self.sftp.listdir_attr(folder)
        return [_entry(a, join(folder, a.filename)) for a in attrs]

    def stat(self, path: str) -> RemoteEntry | None:
        try:
            with self._guard(f"looking at {path}"):
                attrs = self.sftp.stat(path)
        except RemoteFileError as exc:
            if exc.missing:
                return None
            raise
        return _entry(attrs, path)

    def download(self, path: str, local: Path) -> int:
        try:
            handle = local.open("wb")
        except OSError as exc:
            raise LocalWriteError(f"Cannot write {local}: {exc.strerror or exc}.") from None
        with handle, self._guard(f"downloading {path}"):
            sink = _LocalSink(handle, local)
            self.sftp.getfo(path, sink)
            return sink.written

    def upload(self, local: Path, path: str) -> None:
        with self._guard(f"uploading {path}"):
            self.sftp.put(str(local), path, confirm=True)

    def rename(self, source: str, target: str) -> None:
        try:
            with self._guard(f"moving {source} to {target}"):
                self.sftp.rename(source, target)
        except RemoteFileError as exc:
            # OpenSSH answers a bare "Failure" when the target exists: find out which it was
            if self.stat(target) is not None:
                raise RemoteFileError(str(exc), exists=True) from None
            if self.stat(source) is None:
                raise RemoteFileError(str(exc), missing=True) from None
            raise

    def makedirs(self, path: str) -> None:
        if path in self._folders:
            return
        found = self.stat(path)
        if found is not None and found.is_dir:
            self._folders.add(path)
            return
        parts = path.split("/")
        for i in range(1, len(parts) + 1):
            partial = "/".join(parts[:i])
            if partial in ("", "."):
                continue
            found = self.stat(partial)
            if found is not None and found.is_dir:
                continue
            try:
                with self._guard(f"creating the folder {partial}"):
                    self.sftp.mkdir(partial)
            except RemoteFileError:
                found = self.stat(partial)
                if found is None or not found.is_dir:
                    raise
        self._folders.add(path)

    def close(self) -> None:
        try:
            self.sftp.close()
        finally:
            self.client.close()


def _entry(attrs: paramiko.SFTPAttributes, path: str) -> RemoteEntry:
    mode = attrs.st_mode or 0
    return RemoteEntry(
        name=path.rsplit("/", 1)[-1],
        path=path,
        size=int(attrs.st_size or 0),
        mtime=int(attrs.st_mtime or 0),
        is_dir=stat.S_ISDIR(mode),
        is_file=stat.S_ISREG(mode),
    )


class _LocalSink:
    """The local side of a download: write errors are ours, not the server's."""

    def __init__(self, handle: BinaryIO, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.written = 0

    def write(self, data: bytes) -> int:
        try:
            count = self.handle.write(data)
        except OSError as exc:
            raise LocalWriteError(f"Cannot write the download to {self.path}: {exc.strerror or exc}.") from None
        self.written += len(data)
        return count


# --- host keys --------------------------------------------------------------------------------


def fingerprint(key: paramiko.PKey) -> str:
    """OpenSSH's form: ``SHA256:`` and the unpadded base64 of the key's SHA-256."""
    import base64
    import hashlib

    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def host_entry(host: str, port: int) -> str:
    """How known_hosts names a host: ``host``, or ``[host]:port`` off port 22."""
    return host if port == 22 else f"[{host}]:{port}"


def fetch_host_key(host: str, port: int, timeout: float) -> paramiko.PKey:
    """The host key a server presents (nothing is authenticated, nothing trusted)."""
    import paramiko

    where = f"{host}:{port}"
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.gaierror as exc:
        raise RemoteUnavailable(f"{where}: the host name cannot be resolved ({exc.strerror or exc}).") from None
    except OSError as exc:
        raise RemoteUnavailable(f"{where}: cannot connect ({exc.strerror or exc}).") from None
    transport = paramiko.Transport(sock)
    transport.banner_timeout = timeout
    try:
        transport.start_client(timeout=timeout)
        key = transport.get_remote_server_key()
    except (paramiko.SSHException, EOFError, OSError) as exc:
        raise RemoteUnavailable(f"{where}: the SSH handshake failed ({_describe(exc)}).") from None
    finally:
        transport.close()
    return key


def recorded_keys(known_hosts: Path, host: str, port: int) -> dict[str, paramiko.PKey]:
    """The keys ``known_hosts`` records for the host, by key type."""
    import paramiko

    if not known_hosts.is_file():
        return {}
    keys = paramiko.HostKeys(str(known_hosts))
    found = keys.lookup(host_entry(host, port))
    return dict(found) if found else {}


def record_host_key(known_hosts: Path, host: str, port: int, key: paramiko.PKey, *, replace: bool = False) -> None:
    """Add the key to ``known_hosts`` (created when missing). With ``replace``, the host's
    recorded keys are removed first; other lines are kept as they are."""
    import paramiko

    entry = host_entry(host, port)
    known_hosts.parent.mkdir(parents=True, exist_ok=True)
    lines = known_hosts.read_text(encoding="utf-8").splitlines() if known_hosts.is_file() else []
    if replace:
        kept = []
        for line in lines:
            parsed = paramiko.hostkeys.HostKeyEntry.from_line(line) if line.strip() and not line.startswith("#") else None
            names = parsed.hostnames if parsed else []
            if any(_names_host(name, entry) for name in names):
                continue
            kept.append(line)
        lines = kept
    lines.append(f"{entry} {key.get_name()} {key.get_base64()}")
    tmp = known_hosts.with_name(f".{known_hosts.name}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(known_hosts)


def _names_host(name: str, entry: str) -> bool:
    import paramiko

    if name.startswith("|1|"):
        salt = name.split("|")[2]
        return paramiko.HostKeys.hash_host(entry, salt) == name
    return name == entry
