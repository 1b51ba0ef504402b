"""Where a request comes from: the client's address, and the network it counts as."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address. X-Forwarded-For is believed only for the proxies we run
    (DJANGO_TRUSTED_PROXY_COUNT): each appends the address it saw, so with N proxies the
    Nth entry from the right is the one our outermost proxy saw. Anything left of it could
    have been typed by the client."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def network_of(address: str) -> str:
    """What one household, phone or office counts as: an IPv4 address, or an IPv6 /64 (one
    line or phone gets a whole /64 and can pick any address in it)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_network(request: HttpRequest) -> str:
    return network_of(client_ip(request))


def parse_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """One network per line ("203.0.113.0/24", "2001:db8:5::/48" or a single address); raises
    ValueError naming the first line that is not one."""
    networks = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            try:
                networks.append(ipaddress.ip_network(line, strict=False))
            except ValueError:
                raise ValueError(line) from None
    return networks


def in_networks(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip.version == network.version and ip in network for network in networks)
