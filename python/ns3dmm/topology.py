"""Wired IPv6 topologies of named nodes joined by point-to-point links, with static routes.

A small builder for examples and system tests: it creates ns-3 nodes with the Internet stack and
the ns3-dmm stack (Mobility Header protocol and 6in6 tunnel), numbers each link from its own /64
(``prefix::1`` on the first node, ``prefix::2`` on the second; plus link-local addresses) and
installs static routes.
Everything here runs at configuration time; packets never reach Python.
"""

from __future__ import annotations

import heapq
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ns3dmm._loader import load


def _network(prefix: str) -> ipaddress.IPv6Network:
    try:
        net = ipaddress.IPv6Network(prefix, strict=True)
    except ValueError as exc:
        raise ValueError(f"link prefix {prefix!r} is not an IPv6 network: {exc}") from None
    if net.prefixlen != 64:
        raise ValueError(f"link prefix {prefix!r}: links are numbered from a /64")
    if net.subnet_of(ipaddress.IPv6Network("2001:db8::/32")):
        raise ValueError(
            f"link prefix {prefix!r}: ns-3 silently drops forwarded packets to the documentation "
            "prefix 2001:db8::/32; use another prefix"
        )
    return net


def first_hops(adjacency: dict[str, list[str]],
               source: str) -> tuple[dict[str, int], dict[str, str]]:
    """Breadth-first search from ``source``: hop count to, and first hop towards, every node
    it reaches."""
    distance = {source: 0}
    first_hop: dict[str, str] = {}
    frontier = [source]
    while frontier:
        nxt: list[str] = []
        for u in frontier:
            for v in adjacency[u]:
                if v not in distance:
                    distance[v] = distance[u] + 1
                    first_hop[v] = v if u == source else first_hop[u]
                    nxt.append(v)
        frontier = nxt
    return distance, first_hop


def shortest_paths(adjacency: dict[str, list[str]], weight: Callable[[str, str], float],
                   source: str) -> tuple[dict[str, float], dict[str, str]]:
    """Dijkstra from ``source``: the length of a shortest path (sum of ``weight(u, v)`` over
    its links) to, and the first hop towards, every node it reaches. Among paths of equal
    length the one with fewer links wins, then the one found first in adjacency order: the
    choice is deterministic, so the static routes and the analytic model, which both call
    it, agree on every path."""
    best: dict[str, tuple[float, int]] = {source: (0.0, 0)}
    first_hop: dict[str, str] = {}
    done: set[str] = set()
    order = 0
    heap: list[tuple[float, int, int, str]] = [(0.0, 0, 0, source)]
    while heap:
        length, hops, _, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        for v in adjacency[u]:
            if v in done:
                continue
            order += 1
            # Rounded, so that equal sums of the same delays in another order tie.
            key = (round(length + weight(u, v), 9), hops + 1)
            if v not in best or key < best[v]:
                best[v] = key
                first_hop[v] = v if u == source else first_hop[u]
                heapq.heappush(heap, (*key, order, v))
    return {n: k[0] for n, k in best.items()}, first_hop


def install_stacks(node: Any) -> None:
    """The Internet stack (IPv6 only) and the ns3-dmm stack on a node. IPv6 routing is a list
    with static routing at priority 0, so a mobility routing function can be put above it."""
    ns = load()
    stack = ns.InternetStackHelper()
    stack.SetIpv4StackInstall(False)
    routing = ns.Ipv6ListRoutingHelper()
    routing.Add(ns.Ipv6StaticRoutingHelper(), 0)
    stack.SetRoutingHelper(routing)
    stack.Install(node)
    ns.dmm.DmmStackHelper().Install(node)


@dataclass(slots=True)
class Link:
    """A point-to-point link between two nodes."""

    a: str
    b: str
    network: ipaddress.IPv6Network
    address_a: str
    address_b: str
    interface_a: int
    interface_b: int


@dataclass(slots=True)
class WiredTopology:
    """Named nodes and point-to-point links; call :meth:`node` and :meth:`link`, then routes."""

    dad: bool = False
    nodes: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    routers: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        ns = load()
        ns.Config.SetDefault("ns3::Icmpv6L4Protocol::DAD", ns.BooleanValue(self.dad))

    def node(self, name: str, *, router: bool = False) -> Any:
        """Create a node with the Internet stack (IPv6 only) and the ns3-dmm stack."""
        if name in self.nodes:
            raise ValueError(f"node {name!r} exists already")
        ns = load()
        n = ns.CreateObject[ns.Node]()
        install_stacks(n)
        self.nodes[name] = n
        if router:
            self.routers.add(name)
        return n

    def link(
        self, a: str, b: str, prefix: str, *, delay: str = "2ms", rate: str = "100Mbps"
    ) -> Link:
        """Join two nodes by a point-to-point link numbered from ``prefix`` (a /64)."""
        for name in (a, b):
            if name not in self.nodes:
                raise KeyError(f"unknown node {name!r}")
        net = _network(prefix)
        if any(link.network == net for link in self.links):
            raise ValueError(f"link prefix {prefix!r} is used by another link")
        ns = load()
        p2p = ns.PointToPointHelper()
        p2p.SetDeviceAttribute("DataRate", ns.StringValue(rate))
        p2p.SetChannelAttribute("Delay", ns.StringValue(delay))
        pair = ns.NodeContainer()
        pair.Add(self.nodes[a])
        pair.Add(self.nodes[b])
        devices = p2p.Install(pair)
        addresses = (str(net.network_address + 1), str(net.network_address + 2))
        interfaces = []
        for k, name in enumerate((a, b)):
            ipv6 = self.ipv6(name)
            iface = ipv6.AddInterface(devices.Get(k))
            ipv6.AddAddress(iface, ns.Ipv6InterfaceAddress(ns.Ipv6Address(addresses[k]),
                                                           ns.Ipv6Prefix(64)))
            ipv6.SetForwarding(iface, name in self.routers)
            ipv6.SetUp(iface)
            interfaces.append(int(iface))
        link = Link(a, b, net, addresses[0], addresses[1], interfaces[0], interfaces[1])
        self.links.append(link)
        return link

    def ipv6(self, name: str) -> Any:
        ns = load()
        return self.nodes[name].GetObject[ns.Ipv6]()

    def l4(self, name: str) -> Any:
        """The node's MobilityL4Protocol."""
        ns = load()
        return self.nodes[name].GetObject[ns.dmm.MobilityL4Protocol]()

    def tunnel(self, name: str) -> Any:
        """The node's Ipv6TunnelL4Protocol."""
        ns = load()
        return self.nodes[name].GetObject[ns.dmm.Ipv6TunnelL4Protocol]()

    def address(self, name: str, peer: str) -> str:
        """Address of ``name`` on its link to ``peer``."""
        for link in self.links:
            if (link.a, link.b) == (name, peer):
                return link.address_a
            if (link.b, link.a) == (name, peer):
                return link.address_b
        raise KeyError(f"no link between {name!r} and {peer!r}")

    def route(self, name: str, network: str, via: str) -> None:
        """Static route on ``name`` to ``network`` through its neighbour ``via``."""
        ns = load()
        net = ipaddress.IPv6Network(network, strict=True)
        for link in self.links:
            if {link.a, link.b} == {name, via}:
                iface = link.interface_a if link.a == name else link.interface_b
                gateway = link.address_b if link.a == name else link.address_a
                routing = ns.Ipv6StaticRoutingHelper().GetStaticRouting(self.ipv6(name))
                routing.AddNetworkRouteTo(
                    ns.Ipv6Address(str(net.network_address)), ns.Ipv6Prefix(net.prefixlen),
                    ns.Ipv6Address(gateway), iface,
                )
                return
        raise KeyError(f"no link between {name!r} and {via!r}")

    def route_all_links(self) -> None:
        """Give every node a route to every link prefix it is not on, by fewest hops."""
        adjacency: dict[str, list[str]] = {n: [] for n in self.nodes}
        for link in self.links:
            adjacency[link.a].append(link.b)
            adjacency[link.b].append(link.a)
        for source in self.nodes:
            distance, first_hop = first_hops(adjacency, source)
            for link in self.links:
                ends = [e for e in (link.a, link.b) if e in first_hop]
                if source in (link.a, link.b) or not ends:
                    continue
                nearest = min(ends, key=distance.__getitem__)
                self.route(source, str(link.network), first_hop[nearest])

    def enable_pcap(self, directory: Path) -> dict[str, Path]:
        """Write one pcap per node (all its links) into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        ns = load()
        ns.GlobalValue.Bind("ChecksumEnabled", ns.BooleanValue(True))
        files = {}
        for name, n in self.nodes.items():
            path = directory / f"{name}.pcap"
            load().dmm.ScenarioHelper.EnableNodePcap(n, str(path))
            files[name] = path
        return files
