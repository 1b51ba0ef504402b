import pytest
from django.test import RequestFactory

from events.common.net import client_ip, in_networks, network_of, parse_networks


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", "10.0.0.9"),
        (0, "203.0.113.7", "10.0.0.9"),  # no proxy configured: the header is not believed
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client typed 1.2.3.4 itself
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.9"),  # fewer hops than proxies: use the socket address
    ],
)
def test_client_ip_trusts_only_configured_proxies(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:7:1::1", "2001:db8:7:1::/64"),
        ("2001:db8:7:1:ffff:ffff:ffff:fffe", "2001:db8:7:1::/64"),
        ("2001:db8:7:2::1", "2001:db8:7:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # an IPv4 client of a dual-stack socket
        ("", ""),
    ],
)
def test_a_network_is_an_ipv4_address_or_an_ipv6_64(address, network):
    assert network_of(address) == network


def test_venue_networks_are_read_one_a_line():
    networks = parse_networks("203.0.113.0/24\n\n  2001:db8:5::/48  \n198.51.100.7\n")

    assert [str(network) for network in networks] == [
        "203.0.113.0/24",
        "2001:db8:5::/48",
        "198.51.100.7/32",
    ]
    assert [
        in_networks(address, networks)
        for address in ["203.0.113.200", "2001:db8:5:ff::1", "198.51.100.8", "::ffff:203.0.113.9"]
    ] == [True, True, False, True]
    with pytest.raises(ValueError, match=r"^city hall$"):
        parse_networks("203.0.113.0/24\ncity hall")
