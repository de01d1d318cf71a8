"""Where a webhook may go. A URL whose host resolves to an address that is not on the public
internet — loopback, private, link-local, shared (100.64/10), multicast, reserved, IPv4-mapped
IPv6 of any of those, numeric spellings such as ``2130706433``, ``0x7f.1`` or ``127.1`` — is
refused, at creation and again before every delivery (DNS can change), unless private targets
are explicitly allowed. Plain HTTP is refused unless allowed too."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from getbill_import.errors import ConfigError

MAX_URL_CHARS = 2000


class TargetRefused(ConfigError):
    code = "webhook-url-refused"


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, allow_private: bool, allow_http: bool) -> None:
    """Raise TargetRefused (with the reason) unless ``url`` may receive webhooks."""
    if len(url) > MAX_URL_CHARS:
        raise TargetRefused(f"The URL is longer than {MAX_URL_CHARS} characters.")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise TargetRefused(f"The URL is not valid ({exc}).") from None
    if parts.scheme not in ("https", "http"):
        raise TargetRefused("A webhook URL starts with https:// .")
    if parts.scheme == "http" and not allow_http:
        raise TargetRefused("A webhook URL must use HTTPS (plain HTTP is allowed only where the server says so).")
    if not parts.hostname or parts.username or parts.password:
        raise TargetRefused("The URL needs a host name, and no user or password in it.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise TargetRefused("The URL's port is not a number between 0 and 65535.") from None
    if allow_private:
        return
    try:
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused(f"The host {parts.hostname} cannot be resolved ({exc}).") from None
    for *_, address in found:
        if not _public(str(address[0])):
            raise TargetRefused(
                f"The host {parts.hostname} resolves to {address[0]}, which is not a public internet address."
            )
