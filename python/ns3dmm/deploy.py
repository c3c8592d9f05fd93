"""Place the logical functions of a framework placement on a built scenario.

:func:`deploy` creates the C++ function objects on the scenario's nodes and wires the
placement's relations between them:

* every location management function gets, for each network it serves, the network's
  home-prefix pool (the /52 at index :data:`POOL_INDEX` of the network prefix, or the /64 of
  its access link when it is on an access router: a home link), a prefix allocation over it
  shared by the functions serving the network, and the gateway of the network routes the pool
  to its node; every mobility routing function of the placement is installed on its node;
* an anycast group of mobility routing functions: every router routes the home prefix pools of
  the group's networks to its nearest member, and every member takes the pool's home agents
  anycast address, which registrations of those networks' home addresses go to (HAHA,
  figure 6);
* then every relation of :func:`~ns3dmm.framework.relations.reachable_relations` (the
  placement's relations, and the attachments and registrations of every mobile node at every
  access router) goes to the function of its kind, which calls the ``DmmRelationHelper``
  method of that kind. The attachments and registrations come grouped
  (:func:`~ns3dmm.framework.relations.registration_groups`: one chain per network and access
  router), so what the functions share is wired once per group and what is a mobile node's
  own (its agent, its lease, its policy profile) once per mobile node:

  - ``attachment``: the proxy on the access router (registering the stations its access point
    associates) and the mobile node's home network prefix, leased to its Mobile Node
    Identifier (so that correspondents know its address from the start);
  - ``registration`` from a mobile node: its agent (home address leased from its home
    network's allocation) registers with the location management function, or, at that
    access router, locally with an anchor point for host-based mobile nodes (HMIPv6's MAP, RFC
    5380: a /64 routed to its node, a location management function there binding the regional
    care-of addresses to the on-link ones, the node's mobility routing function tunnelling
    down by them); from an anchor point for host-based mobile nodes: the mobile node registers
    its regional care-of address at home itself, and that location management function takes
    the /64 as a mobility router's; from a proxy: it registers the mobile node with its parent
    (an anchor point for the proxies below, created then: a location management function on
    its node takes their registrations and the proxy registers upward naming its node, declared
    to the location management function as a mobility router), one parent per home network
    found through the domain's policy store (RFC 5213 2.2), whose profile of each mobile node
    names its home network;
  - ``lm-client``: the mobility routing function forwards by the location management
    function's bindings, anchors its pools (drops, counted, what is unbound there) or answers
    on its home link; across nodes (the function is a location server, section 7) it resolves
    the pools through a location cache asking the server (Location Query), or told by it
    (Location Notify, ``delivery = push``), and the pool is routed to it, not to the server;
  - ``lm-sync``: the two replicas replicate their registrations to each other (Location
    Replicate);
  - ``tunnel``: nothing (forwarding follows the bindings).

Networks allocating per session (dynamic mobility, section 6) lease, one by one, the
addresses mobile nodes form on their access links (:meth:`Deployment.session_address`); a
host-based node's agent registers them away from their link, a network-based node's proxies
do, from the domain's policy store (:func:`_session_parents`).

Route optimisation (section 8): ``lm-query`` (RS2.query) makes the correspondent's mobility
routing function ask the location server through its location cache; ``location-push``
(RS2.push) makes it tunnel what it has no location for to the home network's function, which
pushes the location back (Location Notify) and again when it changes. With RS1.anycast every
member of the group does so for every network of the group. With header rewrite, every
function with a location cache rewrites instead of tunnelling, and every anchor point
registering with a home network's function names per-host locators of its own block
(:func:`_locator_block`: one per mobile node, and one per session address), which its
mobility routing function maps back. A proxy registering with a location server
reverse-tunnels to the function anchoring the home network.

Refused with a :class:`DeploymentError` naming what is missing (:func:`check_supported`,
before ns-3 loads): header rewrite with host-based mobile nodes, location management that no
mobility routing function anchoring its networks uses (co-located or asking it), proxies on
access routers for host-based mobile nodes, several anchor points for host-based mobile nodes
in one network, and several continuity home addresses on one mobile node.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ns3dmm._loader import load
from ns3dmm.framework.model import (AllocationScope, FirstPacket, Forwarding, LmDelivery,
                                    LmOrganisation, Mode, NodeKind, Rs2)
from ns3dmm.attributes import Functions
from ns3dmm.scenario import Scenario
from ns3dmm.scenario.build import CORE, WIFI

#: index, in units of /52, of each network's home prefix pool (links use the top /64s and
#: access subnets the lowest ones); a pool larger than a /52 is the first of its size after
#: the LAYOUT_SLASH52S /52s of the layout
POOL_INDEX = 1
#: the /52s at the start of each network prefix that the layout uses: links and access
#: subnets, the home prefix pool, the regional prefixes, the per-host locator blocks
LAYOUT_SLASH52S = 4
#: the home prefix pool's length unless the scenario's mobile nodes need a larger one
DEFAULT_POOL_LENGTH = 52
#: index, in units of /52, of each network's regional prefixes: one /64 routed to each of its
#: mobility anchor points, in which host-based mobile nodes form regional care-of addresses
REGIONAL_INDEX = 2


#: index, in units of /52, of each network's per-host locator blocks (header rewrite, section 8
#: design 3): one /56 for each anchor point registering with a home network's function there
LOCATOR_INDEX = 3
#: length of an anchor point's per-host locator block (255 mobile nodes, a /64 each)
LOCATOR_BLOCK_LENGTH = 56

#: first interface identifier of the home addresses on a home link (lower ones: the router)
HOME_LINK_FIRST_INDEX = 0x1000
#: the name of an anchor point's proxy (and of its regional bindings) in signalling counts
ANCHOR_POINT_PROXY = "anchor point proxy"
#: Mobility Header type of the Binding Update (RFC 6275 section 6.1.7)
BINDING_UPDATE = 5
#: the allocation key reserving the /64 of a pool's home agents anycast address
HOME_AGENTS_ANYCAST = "home-agents-anycast"
#: interface identifier of the Mobile IPv6 Home-Agents anycast address in a /64 (RFC 2526:
#: anycast identifier 126 in an EUI-64 format identifier, FDFF:FFFF:FFFF:FFFE)
HOME_AGENTS_ANYCAST_ID = 0xFDFF_FFFF_FFFF_FFFE


LOCATION_MANAGEMENT = "ns3::dmm::LocationManagement"
ALLOCATION = "ns3::dmm::HomeAddressAllocation"
LOCATION_CACHE = "ns3::dmm::LocationCache"
MOBILITY_ROUTING = "ns3::dmm::MobilityRouting"
MOBILE_NODE_AGENT = "ns3::dmm::MobileNodeAgent"
PROXY = "ns3::dmm::Proxy"
CORRESPONDENT = "ns3::dmm::Correspondent"
CORRESPONDENT_REGISTRATION = "ns3::dmm::CorrespondentRegistration"
#: TypeIds of every node's protocols (the ns3-dmm stack), with their parameters
NODE_PROTOCOLS = ("ns3::dmm::MobilityL4Protocol", "ns3::dmm::Ipv6TunnelL4Protocol")


class DeploymentError(ValueError):
    """The placement asks for something the simulator cannot build (yet); the message says
    what."""


@dataclass(slots=True)
class Deployment:
    """The function objects placed on a scenario."""

    scenario: Scenario
    #: the function parameters (attributes per TypeId) the functions were created with
    config: Functions
    location_management: dict[str, Any] = field(default_factory=dict)  #: LM name -> object
    allocation: dict[str, Any] = field(default_factory=dict)           #: network -> object
    mobility_routing: dict[str, Any] = field(default_factory=dict)     #: node -> object
    agents: dict[str, Any] = field(default_factory=dict)               #: MN -> agent
    #: CN -> its correspondent binding (MIPv6 route optimisation, RFC 6275)
    correspondents: dict[str, Any] = field(default_factory=dict)
    #: MN -> its registrations with correspondent bindings
    correspondent_registrations: dict[str, Any] = field(default_factory=dict)
    proxies: dict[str, Any] = field(default_factory=dict)              #: AR node -> proxy
    #: anchor point node -> its proxy triggered from below (HMIPv6 network-based MAP)
    anchor_points: dict[str, Any] = field(default_factory=dict)
    #: anchor point node -> its location management of the registrations from below
    regional: dict[str, Any] = field(default_factory=dict)
    #: anchor point node -> the /64 of the regional care-of addresses it binds (host mode)
    regional_prefixes: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    #: proxy function name -> (its role, its object: the proxy, or an anchor point's location
    #: management function of host registrations)
    functions: dict[str, tuple[str, Any]] = field(default_factory=dict)
    #: location management function name -> the home prefix pools it allocates (no link)
    pools: dict[str, list[ipaddress.IPv6Network]] = field(default_factory=dict)
    #: network -> its home prefix pool (or its home link)
    network_pools: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    home_addresses: dict[str, str] = field(default_factory=dict)       #: MN -> HoA (host mode)
    #: MN -> the name of the home address its agent holds (host mode)
    agent_home: dict[str, str] = field(default_factory=dict)
    #: MN -> its home network prefix (network mode), leased when deployed
    home_prefixes: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    anchors: dict[str, str] = field(default_factory=dict)              #: network -> anchor node
    #: network -> its home link's /64, when its home agent is an access router
    home_links: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    #: network -> the home agents anycast address of its home prefix pool (an anycast group
    #: advertises the network: the mobile nodes register with, and reverse-tunnel to, it)
    home_agent_anycast: dict[str, str] = field(default_factory=dict)
    #: anycast address -> (its group's name, the nodes of the members that take it)
    anycast: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    #: mobile node (host mode), proxy's access router or anchor point -> the nodes it registers
    #: with (several: mobile nodes of several home networks, each with its own; every member
    #: of an anycast group, the nearest taking each registration)
    registers_with: dict[str, list[str]] = field(default_factory=dict)
    #: node -> the location cache of its mobility routing function (a client of remote
    #: location management functions: section 7)
    caches: dict[str, Any] = field(default_factory=dict)
    #: (MN, session address) -> sessions using it (dynamic mobility, :meth:`session_address`)
    session_users: dict[tuple[str, str], int] = field(default_factory=dict)
    #: network-based mobile node -> the most addresses it held at once for its sessions (its
    #: home network prefix's, and the session addresses in use)
    session_held_max: dict[str, int] = field(default_factory=dict)
    #: anchor point node -> its per-host locator block (header rewrite)
    locator_blocks: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    #: C++ size series of the binding tables: ("location_management" | "proxy", name) -> series
    tables: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    #: C++ times each mobile node agent or proxy node sent a Binding Update
    updates: dict[str, Any] = field(default_factory=dict, repr=False)
    #: C++ FunctionEvents per mobile node: its agent's, or the proxies' events about it
    events: dict[str, Any] = field(default_factory=dict, repr=False)
    #: what deploying asks once per mobile node and access router, computed once: function
    #: addresses by node, Mobile Node Identifiers by mobile node, registration addresses by
    #: (location management function, network)
    _memo: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)
    #: the per-home-address parts of the relations of registration groups away from where
    #: the mobile nodes start, wired after every group (:func:`_each`)
    _deferred: list[tuple[Any, tuple[str, ...], Callable[[Any], None]]] = field(
        default_factory=list, repr=False)
    #: pairs of nodes that exchange location management messages (a location cache and the
    #: function it asks or is pushed by, replicas), as deploy wires them
    _location_peers: set[tuple[str, str]] = field(default_factory=set, repr=False)
    #: ScenarioConfig.fail_node's failure as it happened (empty: none configured)
    failure: dict[str, Any] = field(default_factory=dict)
    #: the domain's policy store (RFC 5213 2.2), shared by its proxies, created on first use
    policy_store: Any = field(default=None, repr=False)

    def mobile_node_identifier(self, mn: str) -> str:
        """The Mobile Node Identifier (RFC 4283 NAI) the proxies know mobile node ``mn`` by."""
        if mn not in {m.name for m in self.scenario.placement.mobile_nodes}:
            raise KeyError(f"{mn!r} is not a mobile node of the deployment")
        return _mn_id(self, mn)

    @property
    def domain(self) -> str:
        """The realm of the Mobile Node Identifiers (the proxies' Domain attribute)."""
        return str(self.config.text(PROXY, "Domain"))

    def function_events(self, mn: str) -> list[dict[str, Any]]:
        """The control-plane events of the functions serving a mobile node, in order: its
        agent (host mode: ``movement``, ``care-of``, ``duplicate``, ``update``, ``ack``) or the
        proxies (network mode: ``attach``, ``update``, ``ack``, ``registered``, ``detached``),
        each as ``{"time_s", "source", "event", "detail"}``."""
        if mn not in self.events:
            raise KeyError(f"{mn!r} is not a mobile node of the deployment")
        return json.loads(str(self.events[mn].GetJson()))

    def binding_update_times(self, node: str) -> list[float]:
        """When the agent on a mobile node, the proxy on an access router or an anchor point's
        proxy sent a (Proxy) Binding Update, in simulated seconds."""
        if node not in self.updates:
            raise KeyError(f"{node!r} has no mobile node agent, proxy nor anchor point")
        return [float(t) for t in self.updates[node].times]

    def binding_update_destinations(self, node: str) -> list[str]:
        """The destination address of each of :meth:`binding_update_times`."""
        if node not in self.updates:
            raise KeyError(f"{node!r} has no mobile node agent, proxy nor anchor point")
        return [str(a) for a in self.updates[node].destinations]

    def binding_table_sizes(self) -> dict[str, dict[str, dict[str, list]]]:
        """Sizes of the binding tables over time, after every change: the location management
        functions' binding databases and the proxies' lists of registered mobile nodes, as
        ``{kind: {name: {"time_s": [...], "size": [...]}}}``."""
        out: dict[str, dict[str, dict[str, list]]] = {}
        for (kind, name), series in self.tables.items():
            out.setdefault(kind, {})[name] = json.loads(str(series.GetJson()))
        return out

    def replication(self) -> dict[str, dict[str, Any]]:
        """Per location management function with replication peers: the peers (by node) and
        the Location Replicate messages it sent for new bindings, locator changes and removals
        (``changes``) and for refreshes, and those it applied and refused."""
        owner = {address: node for (node, _), address in self.scenario.addresses.items()}
        out = {}
        for name, lm in self.location_management.items():
            peers = [str(a) for a in lm.GetReplicas()]
            if not peers:
                continue
            out[name] = {"peers": [owner.get(a, a) for a in peers],
                         "changes": int(lm.GetReplicatedChanges()),
                         "refreshes": int(lm.GetReplicatedRefreshes()),
                         "applied": int(lm.GetReplicatesApplied()),
                         "refused": int(lm.GetReplicatesRefused())}
        return out

    def function_address(self, node: str) -> str:
        """The address the functions on ``node`` are reached at (registrations go there): on
        its link to its network's gateway (its first address when it is the gateway or has no
        such link)."""
        known = self._memo.get(("address", node))
        if known is not None:
            return known
        sc, pl = self.scenario, self.scenario.placement
        gateway = pl.gateway_of(pl.node(node).network)
        if gateway is not None and gateway.name != node and (node, gateway.name) in sc.addresses:
            address = sc.address(node, gateway.name)
        else:
            address = next(a for (n, _), a in sc.addresses.items() if n == node)
        self._memo["address", node] = address
        return address

    def session_address(self, mn: str) -> str:
        """Dynamic mobility (section 6): the address a new session of host-based mobile node
        ``mn`` uses, taken now: the node's address on its current access link, leased to the
        session by the allocation function of that link's network (sessions started on the
        same link share it and its lease) and kept by the node's agent, which registers it
        with that network's location management function once the node leaves the link.
        Unlike RFC 6724 rule 4 (prefer a home address), a new session prefers the address of
        the network the node is in, as RFC 5014's IPV6_PREFER_SRC_COA asks."""
        ns = load()
        pl = self.scenario.placement
        agent = self.agents.get(mn)
        if agent is None and pl.mode is Mode.NETWORK_BASED:
            return self._network_session_address(mn)
        if agent is None:
            raise DeploymentError(f"{mn}: session addresses need a host-based mobile node")
        coa = str(agent.GetCareOfAddress())
        if coa == "::":
            raise DeploymentError(f"{mn} is on no access link at the start of a session: no "
                                  "address to give it")
        address = ipaddress.IPv6Address(coa)
        ar, link = next(((name, net) for name, net in self.scenario.access_subnets.items()
                         if address in net), (None, None))
        if ar is None or link is None:
            raise DeploymentError(f"{mn}: its care-of address {coa} is on no access link")
        network = pl.node(ar).network
        alloc = self.allocation.get(network)
        if alloc is None or not alloc.IsOnLink(ns.Ipv6Address(coa)):
            raise DeploymentError(f"{mn}: {network} does not allocate addresses per session")
        identifier = f"{mn}@{self.domain}"
        lease = alloc.Assign(f"{identifier} {coa}", identifier, ns.Ipv6Address(coa))
        if lease.prefix.IsAny():
            raise DeploymentError(f"{mn}: {coa} is leased to another mobile node")
        _, registrar, _ = _session_registrar(self, network)
        agent.AddSessionAddress(ns.Ipv6Address(coa), link.prefixlen, ns.Ipv6Address(registrar))
        self.session_users[mn, coa] = self.session_users.get((mn, coa), 0) + 1
        return coa

    def _network_session_address(self, mn: str) -> str:
        """:meth:`session_address` of a network-based mobile node: its address on the access
        link of the router it is associated with (formed from that router's Router
        Advertisements), leased to the session by that network's allocation, to its Mobile
        Node Identifier, and listed in its policy profile, from which every proxy it attaches
        to elsewhere registers it."""
        ns = load()
        sc, pl = self.scenario, self.scenario.placement
        ar, link = self.access_link(mn)
        if ar is None or link is None:
            raise DeploymentError(f"{mn} is associated with no access router at the start of a "
                                  "session: no address to give it")
        here = [a for a in sc.wifi_addresses(mn) if ipaddress.IPv6Address(a) in link]
        if not here:
            raise DeploymentError(f"{mn} has no address on {ar}'s link {link} yet at the start "
                                  "of a session")
        address = here[0]
        network = pl.node(ar).network
        alloc = self.allocation.get(network)
        if alloc is None or not alloc.IsOnLink(ns.Ipv6Address(address)):
            raise DeploymentError(f"{mn}: {network} does not allocate addresses per session")
        identifier = _mn_id(self, mn)
        lease = alloc.Assign(f"{identifier} {address}", identifier, ns.Ipv6Address(address))
        if lease.prefix.IsAny():
            raise DeploymentError(f"{mn}: {address} is leased to another mobile node")
        _policy_store(self).AddSessionAddress(identifier, ns.Ipv6Address(address))
        self.session_users[mn, address] = self.session_users.get((mn, address), 0) + 1
        held = (mn in self.home_prefixes) + sum(
            1 for (node, _), users in self.session_users.items() if node == mn and users > 0)
        self.session_held_max[mn] = max(self.session_held_max.get(mn, 0), held)
        return address

    def access_link(self, mn: str) -> tuple[str | None, ipaddress.IPv6Network | None]:
        """The access router ``mn`` is associated with now and its link (None, None when its
        station's last event is a de-association, or it never associated)."""
        events = self.scenario.associations(mn)
        if not events or not events[-1][2]:
            return None, None
        ar = events[-1][1]
        return ar, self.scenario.access_subnets.get(ar)

    def mn_identifier(self, mn: str) -> str:
        """The Mobile Node Identifier the proxies and the policy store know ``mn`` by."""
        return _mn_id(self, mn)

    def end_session(self, mn: str, address: str) -> None:
        """A session of ``mn`` on session address ``address`` ended; after the last one the
        agent stops keeping the address (host-based), or its policy profile stops listing it
        and the proxy registering it deregisters it (network-based); its lease then runs out
        unless renewed."""
        users = self.session_users.get((mn, address), 0)
        if users <= 0:
            raise DeploymentError(f"{mn}: no session uses {address}")
        self.session_users[mn, address] = users - 1
        if users > 1:
            return
        ns = load()
        if mn in self.agents:
            self.agents[mn].EndSession(ns.Ipv6Address(address))
            return
        identifier = _mn_id(self, mn)
        _policy_store(self).RemoveSessionAddress(identifier, ns.Ipv6Address(address))
        for proxy in self.proxies.values():
            proxy.EndSession(identifier, ns.Ipv6Address(address))

    def mn_address(self, mn: str) -> str:
        """The address correspondents reach the mobile node at: its home address (host mode),
        or its SLAAC address in its home network prefix (network mode)."""
        if mn in self.home_addresses:
            return self.home_addresses[mn]
        if mn in self.home_prefixes:
            prefix = self.home_prefixes[mn]
            return str(prefix.network_address + eui64(self.scenario.macs[mn]))
        raise DeploymentError(f"{mn} has no home address or home network prefix")


def eui64(mac: str) -> int:
    """The modified EUI-64 interface identifier of a MAC address (RFC 4291 2.5.1), as an
    integer."""
    octets = bytearray(int(x, 16) for x in mac.split(":"))
    if len(octets) != 6:
        raise ValueError(f"{mac!r} is not a MAC-48 address")
    octets[0] ^= 0x02
    return int.from_bytes(bytes(octets[:3]) + b"\xff\xfe" + bytes(octets[3:]), "big")


def subnet(prefix: ipaddress.IPv6Network, length: int, index: int) -> ipaddress.IPv6Network:
    """The ``index``-th subnet of length ``length`` of ``prefix`` (without listing them)."""
    if not prefix.prefixlen <= length <= 128 or not 0 <= index < 1 << (length - prefix.prefixlen):
        raise ValueError(f"{prefix} has no subnet /{length} number {index}")
    start = int(prefix.network_address) + (index << (128 - length))
    return ipaddress.IPv6Network((start, length))


def pool_prefix(network_prefix: str, length: int = DEFAULT_POOL_LENGTH) -> ipaddress.IPv6Network:
    """The home prefix pool of a network: a /52 (or longer) pool starts at the /52 at
    POOL_INDEX of its prefix; a larger one is the first of its size after the
    LAYOUT_SLASH52S /52s of the layout."""
    net = ipaddress.IPv6Network(network_prefix)
    if net.prefixlen > 52:
        raise DeploymentError(f"network prefix {network_prefix} is longer than /52: no room for "
                              "a home prefix pool")
    if length >= 52:
        start = int(net.network_address) + (POOL_INDEX << (128 - 52))
    else:
        size = 1 << (128 - length)
        start = int(net.network_address) + (LAYOUT_SLASH52S << (128 - 52))
        start = -(-start // size) * size
    if not 0 < length <= 128 or start + (1 << (128 - length)) > int(net.broadcast_address) + 1:
        raise DeploymentError(
            f"a /{length} home prefix pool does not fit in {network_prefix} beside the "
            f"network's links, regional prefixes and locator blocks ({LAYOUT_SLASH52S} /52s): "
            "give the network a shorter prefix or the allocation a longer pool_length")
    return ipaddress.IPv6Network((start, length))


def pool_length(placement: Any, network: Any, prefix_length: int) -> int:
    """The home prefix pool length of ``network``: its allocation's ``pool_length``, else a
    /52 unless the placement's mobile nodes need more prefixes of ``prefix_length``: one per
    home address of the network, two more per mobile node of the placement with home
    addresses per session (sessions may start here), one for the home agents anycast /64,
    and the pool's first prefix, which the allocation never leases."""
    if network.allocation.pool_length is not None:
        return int(network.allocation.pool_length)
    keys = sum(1 for h in placement.home_addresses if h.network == network.name)
    if network.allocation.scope is AllocationScope.PER_SESSION:
        keys += 2 * len(placement.mobile_nodes)
    bits = (keys + 1).bit_length()  # room for keys + 2
    return min(DEFAULT_POOL_LENGTH, max(1, prefix_length - bits))


def deploy(sc: Scenario, functions: Functions | None = None) -> Deployment:
    """Create the function objects of ``sc.placement`` on the scenario's nodes, with the
    function parameters ``functions`` (attributes per TypeId; unset ones keep their TypeId
    defaults), and wire every relation the mobile nodes may need
    (:func:`~ns3dmm.framework.relations.reachable_relations`), one kind at a time."""
    from ns3dmm.framework.relations import (  # noqa: PLC0415
        RelationKind,
        registration_groups,
        relations,
    )

    cfg = functions if functions is not None else Functions()
    ns = load()
    dmm = ns.dmm
    pl = sc.placement
    check_supported(pl)
    dep = Deployment(sc, cfg)
    for lm_spec in pl.location_managers:
        _deploy_location_management(dep, lm_spec)
    for mr_spec in pl.mobility_routers:
        dep.mobility_routing.setdefault(
            mr_spec.node, dmm.DmmStackHelper.InstallMobilityRouting(sc.node(mr_spec.node)))
    for group in pl.anycast_groups:
        _deploy_anycast_group(dep, group)
    for group in registration_groups(pl):
        for rel in group.relations(pl):
            _WIRING[rel.kind](dep, rel, group)
    for group, tag, part in dep._deferred:
        for member in _newcomers(dep, group, tag):
            part(member)
    dep._deferred.clear()
    for rel in relations(pl):
        if rel.kind not in (RelationKind.ATTACHMENT, RelationKind.REGISTRATION):
            _WIRING[rel.kind](dep, rel, None)
    if pl.route_optimisation is not None:
        # RS1.anycast: whichever member the routes bring a correspondent's packets to asks
        # (RS2.query), or is pushed to by the home networks' functions (RS2.push).
        query = pl.route_optimisation.rs2 is Rs2.QUERY
        for group in pl.anycast_groups:
            for member in group.members:
                mr_node = pl.mr(member).node
                if query:
                    for lm_spec in pl.location_managers:
                        if set(lm_spec.serves) & set(group.networks):
                            _ask_for(dep, member, mr_node, lm_spec.name, lm_spec.node)
                    continue
                for network in group.networks:
                    home = pl.home_mr(network)
                    if home.node != mr_node:
                        _pushed_by(dep, member, mr_node, home.name, home.node)
    # In placement order: anchor points first, then the access routers' proxies.
    dep.anchor_points = {p.node: dep.anchor_points[p.node] for p in pl.proxies
                         if p.node in dep.anchor_points}
    dep.proxies = {p.node: dep.proxies[p.node] for p in pl.proxies if p.node in dep.proxies}
    _session_parents(dep)
    _security_associations(dep)
    _notifiers(dep)
    _tunnel_peers(dep)
    _failure(dep)
    for agent in dep.agents.values():
        agent.Start()
    for proxy in (*dep.anchor_points.values(), *dep.proxies.values()):
        proxy.Start()
    dep.registers_with = {k: sorted(v) for k, v in dep.registers_with.items()}
    _set_routing_and_protocols(dep)
    for name, lm in dep.location_management.items():
        dep.tables["location_management", name] = dmm.SizeSeries.RecordBindings(lm)
    for ar, proxy_object in dep.proxies.items():
        dep.tables["proxy", ar] = dmm.SizeSeries.RecordProxy(proxy_object)
    for node_name, regional in dep.regional.items():
        dep.tables["regional", node_name] = dmm.SizeSeries.RecordBindings(regional)
    for name in (*dep.agents, *dep.proxies, *dep.anchor_points):
        l4 = sc.node(name).GetObject[dmm.MobilityL4Protocol]()
        dep.updates[name] = dmm.MessageTimes.Record(l4, BINDING_UPDATE)
    router = dmm.ProxyEventRouter.New()
    for mn in pl.mobile_nodes:
        log = dep.events[mn.name] = dmm.FunctionEvents.New()
        if mn.name in dep.agents:
            log.AttachAgent(dep.agents[mn.name], mn.name)
        if mn.name in dep.correspondent_registrations:
            log.AttachCorrespondentRegistration(dep.correspondent_registrations[mn.name],
                                                mn.name)
        router.Add(_mn_id(dep, mn.name), log)
    for ar, proxy_object in dep.proxies.items():
        router.Attach(proxy_object, ar)
    return dep


#: RFC 4285 reserves Mobility SPIs 0-255
FIRST_SPI = 256
#: octets of a provisioned MN-HA key (HMAC-SHA1's output length, as RFC 2104 advises)
KEY_OCTETS = 20


def _security_associations(dep: Deployment) -> None:
    """With ``LocationManagement.RequireAuthentication``: one RFC 4285 MN-HA security
    association per mobile node and the location management function it registers its home
    address with (the relations' MN-LM pairs; no other pair gets one), SPI FIRST_SPI + k for
    the k-th mobile node in placement order, the key KEY_OCTETS octets drawn from
    ``SeedSequence((seed, run, 4285, k))``: fixed by the run, no ns-3 random stream taken.
    With ``LocationManagement.ReplayProtection`` the association uses RFC 4285 timestamps: the
    mobile node's agent is set to send them."""
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    required, timestamps = {}, {}
    for name, lm in dep.location_management.items():
        value = ns.BooleanValue()
        lm.GetAttribute("RequireAuthentication", value)
        required[name] = bool(value.Get())
        lm.GetAttribute("ReplayProtection", value)
        timestamps[name] = bool(value.Get())
        if timestamps[name] and not required[name]:
            raise DeploymentError(f"{name}: LocationManagement.ReplayProtection (RFC 4285 "
                                  "timestamps) needs RequireAuthentication: only authenticated "
                                  "registrations carry them")
    if not any(required.values()):
        return
    for k, mn in enumerate(pl.mobile_nodes):
        (hoa,) = [h for h in pl.home_addresses_of(mn.name) if h.continuity] or [None]
        if hoa is None or mn.name not in dep.agents:
            continue
        lm_name = pl.chain_at(hoa, pl.node(mn.name).attached_to)[-1]
        if not required.get(lm_name):
            continue
        # The replicas of a replicated database (HAHA) share the association: the mobile node
        # registers with whichever is nearest.
        replicas = [spec.name for spec in pl.location_managers
                    if pl.lm_organisation is LmOrganisation.REPLICATED
                    and spec.name != lm_name and hoa.network in spec.serves]
        key = security_key(sc.config.seed, sc.config.run, k)
        spi = FIRST_SPI + k
        dep.agents[mn.name].SetHomeSecurityAssociation(spi, key)
        dep.agents[mn.name].SetAttribute("ReplayProtection",
                                         ns.BooleanValue(timestamps[lm_name]))
        # one clock: the agent's timestamps are read against the function's
        offset = ns.TimeValue()
        dep.location_management[lm_name].GetAttribute("ClockOffset", offset)
        dep.agents[mn.name].SetAttribute("ClockOffset", offset)
        for name in (lm_name, *replicas):
            dep.location_management[name].AddSecurityAssociation(
                spi, key, ns.Ipv6Address(dep.home_addresses[mn.name]))
    owners = {str(ipaddress.IPv6Address(str(a))): n for (n, _), a in sc.addresses.items()}
    # MAG-LMA: one association per proxy (an access router's, or an anchor point's registering
    # upwards) and node whose location management it registers with (an anchor point's
    # regional bindings included), or anycast group it registers with (every member holds it,
    # as whichever is nearest takes the registration).
    index = len(pl.mobile_nodes)
    proxies = {**dep.proxies, **dep.anchor_points}
    value = ns.BooleanValue()
    for node_name in sorted(proxies):
        for parent in proxies[node_name].GetParents():
            address = str(ipaddress.IPv6Address(str(parent)))
            node = owners.get(address)
            nodes = dep.anycast[address][1] if address in dep.anycast else [node]
            lms = [dep.location_management[spec.name] for spec in pl.location_managers
                   if spec.node in nodes and required.get(spec.name)]
            if node in dep.regional:
                dep.regional[node].GetAttribute("RequireAuthentication", value)
                if value.Get():
                    lms.append(dep.regional[node])
            if not lms:
                continue
            key = security_key(sc.config.seed, sc.config.run, index)
            spi = FIRST_SPI + index
            index += 1
            proxies[node_name].AddSecurityAssociation(parent, spi, key)
            for lm in lms:
                lm.AddProxySecurityAssociation(spi, key)
    index = _peer_associations(dep, owners, index)
    _mobile_node_associations(dep, required, timestamps, index)


def _session_parents(dep: Deployment) -> None:
    """Network-based dynamic mobility (section 6): every proxy knows the mobile nodes' session
    addresses from the domain's policy store; an anchor point (and a proxy on an access router
    with no anchor point above it) registers the session addresses of each access link of a
    network allocating per session with that network's location management function (the
    nearest replica), reverse-tunnelling to the function anchoring the network when that one
    is a location server."""
    pl = dep.scenario.placement
    per_session = [n.name for n in pl.networks
                   if n.allocation.scope is AllocationScope.PER_SESSION]
    if not per_session or pl.mode is not Mode.NETWORK_BASED:
        return
    ns = load()
    helper = ns.dmm.DmmRelationHelper
    sc = dep.scenario
    store = _policy_store(dep)
    anchors = {dep.function_address(node) for node in dep.anchor_points}
    for node, proxy in (*dep.anchor_points.items(), *dep.proxies.items()):
        proxy.UsePolicyStore(store)
        below_anchor = any(str(ipaddress.IPv6Address(str(p))) in anchors
                           for p in proxy.GetParents())
        if node not in dep.anchor_points and below_anchor:
            continue  # its anchor point registers them upwards
        for network in per_session:
            lm_spec, address, nodes = _session_registrar(dep, network)
            for ar in pl.nodes_of_kind(NodeKind.ACCESS_ROUTER, network):
                link = sc.access_subnets[ar.name]
                proxy.SetParentForPrefix(ns.Ipv6Address(str(link.network_address)),
                                         link.prefixlen, ns.Ipv6Address(address))
            if not pl.mrs_on(lm_spec.node):
                proxy.SetUplinkAnchor(ns.Ipv6Address(address), ns.Ipv6Address(
                    dep.function_address(_anchor_node(pl, lm_spec, network))))
            for spec in pl.location_managers:
                if spec.node in nodes and network in spec.serves:
                    helper.RegisterThrough(dep.location_management[spec.name],
                                           ns.Ipv6Address(dep.function_address(node)), 128)
            _registers_with(dep, node, nodes)


def _mobile_node_associations(dep: Deployment, required: dict[str, bool],
                              timestamps: dict[str, bool], index: int) -> None:
    """The associations of host-based mobile nodes beside their home one, keys and SPIs
    continuing the run's sequence from ``index``, mobile nodes in placement order, one per
    node a mobile node registers with there: with an anchor point (MAP), for its regional
    care-of address in the anchor point's /64 (RFC 5380 section 10), and with the function
    registering its session addresses in each network allocating per session (held by the
    nearest replica and its peers), for the addresses leased to its identifier there (draft
    section 6); an anchor point and a session registrar on one node share the node's."""
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    per_session = [n.name for n in pl.networks
                   if n.allocation.scope is AllocationScope.PER_SESSION]
    value = ns.BooleanValue()
    for mn in pl.mobile_nodes:
        agent = dep.agents.get(mn.name)
        if agent is None:
            continue
        identifier = f"{mn.name}@{dep.domain}"
        # address the agent sends to -> how each function there takes the association
        holders: dict[str, list[Callable[[int, list[int]], None]]] = {}
        for node in sorted(dep.registers_with.get(mn.name, [])):
            regional, prefix = dep.regional.get(node), dep.regional_prefixes.get(node)
            if regional is None or prefix is None:
                continue
            regional.GetAttribute("RequireAuthentication", value)
            if value.Get():
                # its regional care-of address there: the /64 and its on-link address's
                # interface identifier (RFC 5380 6.1; the node's EUI-64)
                rcoa = ipaddress.IPv6Address(int(prefix.network_address)
                                             | eui64(sc.macs[mn.name]))
                holders.setdefault(dep.function_address(node), []).append(
                    lambda spi, key, lm=regional, a=rcoa: lm.AddRegionalSecurityAssociation(
                        spi, key, ns.Ipv6Address(str(a)), 128))
        for network in per_session:
            _, registrar, nodes = _session_registrar(dep, network)
            for spec in pl.location_managers:
                if spec.node in nodes and network in spec.serves and required.get(spec.name):
                    holders.setdefault(registrar, []).append(
                        lambda spi, key, lm=dep.location_management[spec.name], who=identifier:
                        lm.AddSessionSecurityAssociation(spi, key, who))
        for address, holds in holders.items():
            key = security_key(sc.config.seed, sc.config.run, index)
            spi = FIRST_SPI + index
            index += 1
            agent.AddSecurityAssociation(ns.Ipv6Address(address), spi, key)
            for hold in holds:
                hold(spi, key)
        if holders and any(timestamps.values()):
            # one clock: the agent's timestamps are read against the functions'
            offset = ns.TimeValue()
            next(iter(dep.location_management.values())).GetAttribute("ClockOffset", offset)
            agent.SetAttribute("ReplayProtection", ns.BooleanValue(True))
            agent.SetAttribute("ClockOffset", offset)


def _peer_associations(dep: Deployment, owners: dict[str, str], index: int) -> int:
    """One RFC 4285 security association per pair of nodes that exchange location management
    messages (MobilityL4Protocol.AddPeerAssociation, for every address of the other node):
    a location cache and the function it asks or is pushed by, replicas of a location
    database, a proxy and each function it registers with (which notifies it; each member of
    an anycast group it registers with); keys and SPIs
    continue the run's sequence from ``index``, pairs in sorted order. Every node with one
    takes location management messages only authenticated (RequirePeerAuthentication), and,
    with ``LocationManagement.ReplayProtection``, only fresh (PeerReplayProtection, on the
    location management functions' clock and ReplayProtectionWindow). Returns the next
    index."""
    ns = load()
    sc = dep.scenario
    pairs = set(dep._location_peers)
    for node, proxy in (*dep.anchor_points.items(), *dep.proxies.items()):
        for parent in proxy.GetParents():
            address = str(ipaddress.IPv6Address(str(parent)))
            # an anycast group's members notify from their own addresses
            for other in (dep.anycast[address][1] if address in dep.anycast
                          else [owners.get(address)]):
                if other is not None and other != node:
                    pairs.add((min(node, other), max(node, other)))
    addresses = _addresses_by_node(sc)
    nodes: set[str] = set()
    for a, b in sorted(pairs):
        key = security_key(sc.config.seed, sc.config.run, index)
        spi = FIRST_SPI + index
        index += 1
        for here, there in ((a, b), (b, a)):
            l4 = sc.node(here).GetObject[ns.dmm.MobilityL4Protocol]()
            for address in addresses.get(there, []):
                l4.AddPeerAssociation(ns.Ipv6Address(address), spi, key)
        nodes |= {a, b}
    replay, offset, window = False, ns.TimeValue(), ns.TimeValue()
    for lm in dep.location_management.values():
        value = ns.BooleanValue()
        lm.GetAttribute("ReplayProtection", value)
        if value.Get():
            replay = True
            lm.GetAttribute("ClockOffset", offset)
            lm.GetAttribute("ReplayProtectionWindow", window)
    for node in sorted(nodes):
        l4 = sc.node(node).GetObject[ns.dmm.MobilityL4Protocol]()
        l4.SetAttribute("RequirePeerAuthentication", ns.BooleanValue(True))
        if replay:
            l4.SetAttribute("PeerReplayProtection", ns.BooleanValue(True))
            l4.SetAttribute("ClockOffset", offset)
            l4.SetAttribute("PeerReplayWindow", window)
    return index


def _notifiers(dep: Deployment) -> None:
    """Every proxy takes Location Notifies (Proxy.CheckNotifySource) from every address of
    the nodes running location management, anchor points' included: a notify leaves from the
    address routing picks, which need not be the one the proxy registered with."""
    proxies = (*dep.anchor_points.values(), *dep.proxies.values())
    if not proxies:
        return
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    nodes = {spec.node for spec in pl.location_managers} | set(dep.regional)
    by_node = _addresses_by_node(sc)
    addresses = sorted({a for n in nodes for a in by_node.get(n, [])})
    for proxy in proxies:
        for address in addresses:
            proxy.AddNotifier(ns.Ipv6Address(address))


def _tunnel_peers(dep: Deployment) -> None:
    """Every node's tunnel protocol takes encapsulated packets (Ipv6TunnelL4Protocol.
    RequireKnownPeer) from every address of the nodes hosting the placement's mobility
    elements: the ends of its relations other than mobile nodes and correspondents (mobility
    routing, proxies, location management: a tunnel entry sends from the address routing
    picks, and a handover moves a tunnel's exit among them). A mobile node's care-of address
    is a peer of the mobility routing functions holding its binding, which ask the binding
    itself (MobilityRouting::IsTunnelRemote)."""
    from ns3dmm.framework.relations import reachable_relations  # noqa: PLC0415

    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    hosts = {n.name for n in pl.nodes
             if n.kind not in (NodeKind.MOBILE_NODE, NodeKind.CORRESPONDENT)}
    elements = {end for _, rel in reachable_relations(pl)
                for end in (rel.source_node, rel.target_node) if end in hosts}
    elements |= {spec.node for spec in (*pl.mobility_routers, *pl.location_managers)}
    addresses = _addresses_by_node(sc)
    peers = {node: [ns.Ipv6Address(a) for a in addresses.get(node, [])]
             for node in sorted(elements)}
    for name in sc.nodes:
        tunnel = sc.node(name).GetObject[ns.dmm.Ipv6TunnelL4Protocol]()
        if not tunnel:
            continue
        for node, ends in peers.items():
            if node != name:
                for address in ends:
                    tunnel.AddPeer(address)


def _addresses_by_node(sc: Scenario) -> dict[str, list[str]]:
    """Every node's addresses, in the scenario's order, each once."""
    out: dict[str, list[str]] = {}
    for (node, _), address in sc.addresses.items():
        ends = out.setdefault(node, [])
        if address not in ends:
            ends.append(address)
    return out


def check_failure(pl: Any, cfg: Any) -> None:
    """DeploymentError (one line) unless ``cfg.fail_node`` (ScenarioConfig) names a node of
    the placement whose failure is modelled: one hosting location management, mobility
    routing (its location cache included) or a proxy (a MAP: its regional bindings restart
    like location management; a MAG or a network-based anchor point: its attachments,
    Proxy::Restart), or a gateway (a router of the core: what crosses it is cut, or routed
    around it by RIPng); pure, so callers refuse it before loading ns-3."""
    node = cfg.fail_node
    if not node:
        return
    if node not in {n.name for n in pl.nodes}:
        raise DeploymentError(f"{pl.name}: fail_node {node!r} is not a node of the placement")
    lms = [lm.name for lm in pl.location_managers if lm.node == node]
    mrs = pl.mrs_on(node)
    proxies = [p.name for p in pl.proxies if p.node == node]
    if not lms and not mrs and not proxies and pl.node(node).kind is not NodeKind.GATEWAY:
        raise DeploymentError(f"{pl.name}: fail_node {node} hosts no location management, "
                              "mobility routing or anchor point, and is no gateway")

def _failure(dep: Deployment) -> None:
    """ScenarioConfig.fail_node fails at fail_at_s (NodeFailure: every interface down, its
    static routes kept aside) and recovers at recover_at_s (interfaces up, routes back), its
    location management functions restarting (LocationManagement::Restart: bindings lost;
    leases and keys kept), an anchor point's regional bindings too, its network-based
    proxies (Proxy::Restart: attachments lost, the stations associated met again), and its
    mobility routing
    (MobilityRouting::Restart: its location cache, the functions it pushed to, the bindings
    servers told it). Recorded in ``dep.failure``: the bindings (an anchor point's as
    ``regional <node>``) and location cache entries the node held at the failure, and those
    held elsewhere."""
    sc, pl = dep.scenario, dep.scenario.placement
    cfg = sc.config
    if not cfg.fail_node:
        return
    check_failure(pl, cfg)
    from ns3dmm import callbacks  # noqa: PLC0415

    ns = load()
    node = cfg.fail_node
    failure = ns.dmm.NodeFailure.Get(sc.node(node))
    here = {spec.name: dep.location_management[spec.name] for spec in pl.location_managers
            if spec.node == node}
    elsewhere = {spec.name: dep.location_management[spec.name]
                 for spec in pl.location_managers if spec.node != node}
    record = dep.failure
    record.update(node=node, fail_at_s=float(cfg.fail_at_s),
                  recover_at_s=float(cfg.recover_at_s) or None)

    if node in dep.regional:
        here = {**here, f"regional {node}": dep.regional[node]}

    def fail() -> None:
        record["bindings_at_failure"] = {n: len(lm.GetBindings()) for n, lm in here.items()}
        if node in dep.caches:
            record["cache_entries_at_failure"] = int(dep.caches[node].GetNEntries())
        record["bindings_elsewhere_at_failure"] = {n: len(lm.GetBindings())
                                                   for n, lm in elsewhere.items()}
        failure.Fail()

    def recover() -> None:
        failure.Recover()
        for lm in here.values():
            lm.Restart()
        if node in dep.mobility_routing:
            dep.mobility_routing[node].Restart()
        for proxies in (dep.proxies, dep.anchor_points):
            if node in proxies and pl.mode is Mode.NETWORK_BASED:
                proxies[node].Restart()
        record["routes_restored"] = int(failure.GetRoutesRestored())

    callbacks.schedule(cfg.fail_at_s, fail)
    if cfg.recover_at_s:
        callbacks.schedule(cfg.recover_at_s, recover)


def security_key(seed: int, run: int, index: int) -> list[int]:
    """The MN-HA key of the ``index``-th mobile node of a run: KEY_OCTETS octets drawn from
    ``SeedSequence((seed, run, 4285, index))``."""
    import numpy as np  # noqa: PLC0415 (only where keys are drawn)

    state = np.random.SeedSequence((seed, run, 4285, index)).generate_state(KEY_OCTETS // 4,
                                                                             np.uint32)
    return [int(b) for b in state.view(np.uint8)]


def _deploy_location_management(dep: Deployment, lm_spec: Any) -> None:
    """A location management function with, for each network it serves, the network's home
    prefix pool and the allocation over it (one per network, shared by the replicas serving
    it), the pool routed to its node by the network's gateway."""
    ns = load()
    dmm = ns.dmm
    sc, cfg, pl = dep.scenario, dep.config, dep.scenario.placement
    anycast = {net for g in pl.anycast_groups for net in g.networks}
    lm = ns.CreateObject[dmm.LocationManagement]()
    cfg.set_on(lm, LOCATION_MANAGEMENT, ns)
    # On an access router, the function serves its WiFi link as the home link (a home agent
    # on the home link): home addresses are /128s of the link's /64.
    home_link = pl.node(lm_spec.node).kind is NodeKind.ACCESS_ROUTER
    if home_link and (len(lm_spec.serves) != 1 or pl.mode is not Mode.HOST_BASED):
        raise DeploymentError(f"{lm_spec.name} on access router {lm_spec.node}: a home link "
                              "serves one network of a host-based placement")
    pools = []
    for network_name in lm_spec.serves:
        network = pl.network(network_name)
        alloc = dep.allocation.get(network_name)
        if alloc is None:
            alloc = ns.CreateObject[dmm.HomeAddressAllocation]()
            cfg.set_on(alloc, ALLOCATION, ns)
            if home_link:
                alloc.SetAttribute("PrefixLength", ns.UintegerValue(128))
                alloc.SetFirstIndex(HOME_LINK_FIRST_INDEX)
                pool = sc.access_subnets[lm_spec.node]
                dep.home_links[network_name] = pool
            else:
                length = ns.UintegerValue()
                alloc.GetAttribute("PrefixLength", length)
                pool = pool_prefix(network.prefix, pool_length(pl, network, int(length.Get())))
                if pool.prefixlen >= int(length.Get()):
                    raise DeploymentError(
                        f"{network.allocation.name}: a /{pool.prefixlen} pool holds no "
                        f"/{int(length.Get())} prefix (HomeAddressAllocation.PrefixLength)")
                used = next((s for s in sc.subnets.get(network_name, ()) if s.overlaps(pool)),
                            None)
                if used is not None:
                    raise DeploymentError(
                        f"{network.allocation.name}: the /{pool.prefixlen} home prefix pool "
                        f"{pool} overlaps the link {used} of {network_name}: give the network "
                        "a shorter prefix or the allocation a longer pool_length")
            dep.network_pools[network_name] = pool
            alloc.SetNetwork(ns.Ipv6Address(str(pool.network_address)), pool.prefixlen)
            _per_session(dep, alloc, network)
            dep.allocation[network_name] = alloc
        pool = dep.network_pools[network_name]
        lm.AddServedPrefix(ns.Ipv6Address(str(pool.network_address)), pool.prefixlen)
        lm.AddAllocation(alloc)
        if network.allocation.scope is AllocationScope.PER_SESSION:
            for ar in pl.nodes_of_kind(NodeKind.ACCESS_ROUTER, network_name):
                link = sc.access_subnets[ar.name]
                lm.AddServedPrefix(ns.Ipv6Address(str(link.network_address)), link.prefixlen)
        anchor = _anchor_node(pl, lm_spec, network_name)
        dep.anchors.setdefault(network_name, anchor)
        gateway = pl.gateway_of(network_name)
        if (not home_link and network_name not in anycast and gateway is not None
                and gateway.name != anchor):
            sc.route(gateway.name, str(pool), anchor)
        if not home_link:
            pools.append(pool)
    sc.node(lm_spec.node).AggregateObject(lm)
    dep.location_management[lm_spec.name] = lm
    dep.pools[lm_spec.name] = pools


def _anchor_node(pl: Any, lm_spec: Any, network: str) -> str:
    """The node a network's home prefix pool is routed to: the location management
    function's own, or, for a function on a location server (section 7), the node of the
    mobility routing function anchoring the network and asking the server."""
    if pl.mrs_on(lm_spec.node):
        return lm_spec.node
    remote = [mr for mr in pl.mobility_routers if network in mr.anchors and lm_spec.name in mr.lms]
    return remote[0].node if remote else lm_spec.node


def _per_session(dep: Deployment, alloc: Any, network: Any) -> None:
    """Dynamic mobility (section 6): a network allocating per session leases, one by one, the
    addresses mobile nodes form on its access links, with the placement's lease lifetime and
    renewal (the function parameters may still set them)."""
    if network.allocation.scope is not AllocationScope.PER_SESSION:
        return
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    for ar in pl.nodes_of_kind(NodeKind.ACCESS_ROUTER, network.name):
        link = sc.access_subnets[ar.name]
        alloc.AddLink(ns.Ipv6Address(str(link.network_address)), link.prefixlen)
    lifetime = network.allocation.lease_lifetime
    if lifetime is not None:
        alloc.SetAttribute("LeaseLifetime", ns.TimeValue(ns.Seconds(float(lifetime))))
    alloc.SetAttribute("Renewal", ns.BooleanValue(bool(network.allocation.renewal)))
    dep.config.set_on(alloc, ALLOCATION, ns)


# ----------------------------------------------------------------- one function per relation


def _each(dep: Deployment, group: Any, tag: tuple[str, ...],
          part: Callable[[Any], None]) -> None:
    """The part of a relation that is each member's own (``tag`` names it: the same tag, the
    same part): at once for the home address of a starting group; for a group away from
    where the mobile nodes start, after every group is wired (their starting groups have
    created their agents and leases by then, in placement order), once per member however many
    access routers' groups it is a member of."""
    if group.starting:
        for member in group.home_addresses:
            part(member)
    else:
        dep._deferred.append((group, tag, part))


def _newcomers(dep: Deployment, group: Any, tag: tuple[str, ...]) -> list[Any]:
    """The members of ``group`` (away from where the mobile nodes start) not yet given the
    part ``tag`` by an earlier group of their network: all at its first group; then those the
    first left out (they start at its access router), which any other group has."""
    if not tag:  # a part that depends on the access router: every member, every time
        return group.members()
    key = ("given", *tag, group.network)
    owed = dep._memo.get(key)
    if owed is None:
        dep._memo[key] = group.excluded
        return group.members()
    if not owed:
        return []
    dep._memo[key] = owed & group.excluded
    return [h for h in group.home_addresses if h.name in owed and h.name not in group.excluded]


def _attach(dep: Deployment, rel: Any, group: Any) -> None:
    """Relation ``attachment``: a network-based mobile node at the proxy on an access router,
    which registers it when the access point associates it; the mobile node's home network
    prefix is leased to its identifier (the proxy's parent: the next relation)."""
    _l2_proxy(dep, rel.target, rel.target_node)
    _each(dep, group, ("lease",), lambda h: _lease_prefix(dep, h.mn, h))


def _register(dep: Deployment, rel: Any, group: Any) -> None:
    """Relation ``registration``, by what its lower end is: a host-based mobile node with a
    location management function or, at the group's access router, with an anchor point; a
    proxy with its parent (an anchor point, or a location management function), for the
    mobile nodes of the group's home network."""
    ns = load()
    helper = ns.dmm.DmmRelationHelper
    sc, pl = dep.scenario, dep.scenario.placement
    h = pl.home_address(rel.home_address)
    upper_is_proxy = pl.has_proxy(rel.target)
    if rel.source == h.mn:  # a host-based mobile node's agent registers
        if upper_is_proxy:
            regional = _host_anchor(dep, rel.target, rel.target_node)
            subnet = sc.access_subnets[group.access_router]
            access = ns.Ipv6Address(str(subnet.network_address))
            anchor = ns.Ipv6Address(dep.function_address(rel.target_node))
            regional_prefix = ns.Ipv6Address(str(regional.network_address))

            directory = None if group.starting else _anchor_points(dep, group.network)
            if directory is None:

                def at_anchor(member: Any) -> None:
                    helper.Register(_agent(dep, member), access, subnet.prefixlen, anchor,
                                    regional_prefix)
                    _registers_with(dep, member.mn, [rel.target_node])

                _each(dep, group, (), at_anchor)
                return
            # Away from where they start, the mobile nodes of the network learn the anchor
            # point of each access router from one directory (the routers' MAP options).
            directory.Add(access, subnet.prefixlen, anchor, regional_prefix)
            _each(dep, group, ("anchor points",),
                  lambda member: _agent(dep, member).UseAnchorPoints(directory))
            _each(dep, group, ("registers with", rel.target_node),
                  lambda member: _registers_with(dep, member.mn, [rel.target_node]))
        else:
            _each(dep, group, ("agent", rel.target),
                  lambda m: _agent_registers(dep, _agent(dep, m), m, rel))
        return
    role, lower = dep.functions[rel.source]
    if role == HOST_ANCHOR:
        # RFC 5380 6.2: the mobile node registers its regional care-of address with its home
        # agent itself; the home entry's locator is the anchor point's (its /64).
        _each(dep, group, ("agent", rel.target),
              lambda m: _agent_registers(dep, _agent(dep, m), m, rel))
        regional = dep.regional_prefixes[rel.source_node]
        helper.RegisterThrough(dep.location_management[rel.target],
                               ns.Ipv6Address(str(regional.network_address)),
                               regional.prefixlen)
        return
    if upper_is_proxy:
        _below_anchor(dep, rel.target, rel.target_node)
        _parent(dep, lower, rel.source_node, group, dep.function_address(rel.target_node))
        _registers_with(dep, rel.source_node, [rel.target_node])
        return
    address, nodes = _registration_address(dep, rel.target, group.network)
    _parent(dep, lower, rel.source_node, group, address)
    _registers_with(dep, rel.source_node, nodes)
    lm_spec = pl.lm(rel.target)
    if not pl.mrs_on(lm_spec.node):
        # A location server (section 7): the mobile node's packets are reverse-tunnelled to
        # the mobility routing function anchoring its home network instead.
        anchor = _anchor_node(pl, lm_spec, h.network)
        lower.SetUplinkAnchor(ns.Ipv6Address(address),
                              ns.Ipv6Address(dep.function_address(anchor)))
    if role == BELOW_ANCHOR:
        helper.RegisterThrough(dep.location_management[rel.target],
                               ns.Ipv6Address(dep.function_address(rel.source_node)), 128)
        ro = pl.route_optimisation
        if ro is not None and ro.forwarding is Forwarding.HEADER_REWRITE:
            block = _locator_block(dep, rel.source_node)
            helper.RegisterThrough(dep.location_management[rel.target],
                                   ns.Ipv6Address(str(block.network_address)), block.prefixlen)


def _anchor_points(dep: Deployment, network: str) -> Any:
    """The directory of anchor points by access router (RFC 5380 10.1: the MAP options the
    routers advertise) shared by the host-based mobile nodes of ``network`` away from where
    they start, created on first use; None when a mobile node of the network starts with
    another chain than the network's there (it must not learn that router's anchor point), so
    that each agent keeps its own (one entry per access router)."""
    key = ("anchor points", network)
    if key not in dep._memo:
        pl = dep.scenario.placement
        same = all(pl.lm_chain(h, away=True) == pl.chain_at(h, pl.node(h.mn).attached_to)
                   for h in pl.home_addresses if h.network == network and h.continuity)
        ns = load()
        dep._memo[key] = ns.CreateObject[ns.dmm.AnchorPointDirectory]() if same else None
    return dep._memo[key]


def _parent(dep: Deployment, proxy: Any, node_name: str, group: Any, address: str) -> None:
    """The proxy on ``node_name`` registers the mobile nodes of the group's home network with
    ``address``: one parent per home network, found through the domain's policy store, whose
    profile of each member names its home network; a member of a group whose parent is not
    the one its network already has there gets its own (SetParentFor)."""
    ns = load()
    helper = ns.dmm.DmmRelationHelper
    key = ("parent", node_name, group.network)
    known = dep._memo.get(key)
    if known is None:
        helper.RegisterHome(proxy, _policy_store(dep), group.network, ns.Ipv6Address(address))
        dep._memo[key] = address
    elif known != address:

        def own(member: Any) -> None:
            helper.Register(proxy, _mn_id(dep, member.mn), ns.Ipv6Address(address))

        _each(dep, group, (), own)
    _each(dep, group, ("profile",), lambda member: _profile(dep, member))


def _policy_store(dep: Deployment) -> Any:
    """The domain's policy store (RFC 5213 2.2), created on first use."""
    if dep.policy_store is None:
        ns = load()
        dep.policy_store = ns.CreateObject[ns.dmm.PolicyStore]()
    return dep.policy_store


def _profile(dep: Deployment, h: Any) -> None:
    """The policy profile of the mobile node of home address ``h``: its home network."""
    mn_id = _mn_id(dep, h.mn)
    known = dep._memo.get(("profile", mn_id))
    if known == h.network:
        return
    if known is not None:
        raise DeploymentError(f"{h.mn}: home addresses of {known} and {h.network} on one "
                              "network-based mobile node are not simulated")
    _policy_store(dep).SetHomeNetwork(mn_id, h.network)
    dep._memo["profile", mn_id] = h.network


def _locator_block(dep: Deployment, node_name: str) -> ipaddress.IPv6Network:
    """The per-host locator block of the anchor point on ``node_name`` (header rewrite), made
    on first use: a /56 of its network's locator /52, routed to it, its proxy naming a /64 of it
    for each mobile node and its mobility routing function restoring the home prefix from it
    (what no mobile node holds there is dropped and counted)."""
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    known = dep.locator_blocks.get(node_name)
    if known is not None:
        return known
    network = pl.node(node_name).network
    index = sum(1 for n in dep.locator_blocks if pl.node(n).network == network)
    prefix = ipaddress.IPv6Network(pl.network(network).prefix)
    if prefix.prefixlen > 50 or index >= 1 << (LOCATOR_BLOCK_LENGTH - 52):
        raise DeploymentError(f"{pl.name}: no per-host locator block for {node_name} in "
                              f"{network} ({prefix}: a /50 or shorter holds "
                              f"{1 << (LOCATOR_BLOCK_LENGTH - 52)} anchor points' blocks)")
    block = subnet(subnet(prefix, 52, LOCATOR_INDEX), LOCATOR_BLOCK_LENGTH, index)
    dep.anchor_points[node_name].UseHostLocators(ns.Ipv6Address(str(block.network_address)),
                                                 block.prefixlen)
    dep.mobility_routing[node_name].AddAnchoredPrefix(
        ns.Ipv6Address(str(block.network_address)), block.prefixlen)
    gateway = pl.gateway_of(network)
    if gateway is not None and gateway.name != node_name:
        sc.route(gateway.name, str(block), node_name)
    dep.locator_blocks[node_name] = block
    return block


def _follow(dep: Deployment, rel: Any, group: Any) -> None:
    """Relation ``lm-client``: the mobility routing function forwards by the location
    management function's bindings, anchors its pools (what is unbound there, which has no
    link, is dropped and counted) or, on a home link, answers for the home addresses there."""
    ns = load()
    sc = dep.scenario
    if rel.source_node != rel.target_node:
        _ask(dep, rel)
        return
    mr = dep.mobility_routing[rel.source_node]
    lm = dep.location_management[rel.target]
    ns.dmm.DmmRelationHelper.Follow(mr, lm)
    for pool in dep.pools[rel.target]:
        mr.AddAnchoredPrefix(ns.Ipv6Address(str(pool.network_address)), pool.prefixlen)
    _remote_links(dep, mr, rel.source_node, sc.placement.lm(rel.target).serves)
    if sc.placement.node(rel.target_node).kind is NodeKind.ACCESS_ROUTER:
        mr.SetHomeLink(sc.interface(rel.target_node, WIFI))
        if sc.config.dad:
            # RFC 6275 10.3.1: duplicate address detection of home addresses.
            lm.SetHomeLink(mr)


def _remote_links(dep: Deployment, mr: Any, node: str, networks: tuple[str, ...]) -> None:
    """The access links of ``networks`` that allocate per session (their addresses are the
    sessions', dynamic mobility) on other routers than ``node``: each router from the link's
    up to ``node`` routes an address away from its link to ``node`` while its binding lasts
    (MobilityRouting::AddRemoteLink), so that a correspondent behind the link's router
    reaches the anchor too."""
    ns = load()
    sc = dep.scenario
    pl = sc.placement
    for ar, subnet in _per_session_links(dep, networks):
        if ar == node:
            continue
        first_hop = {}
        here = ar
        while here != node:
            if here not in first_hop:
                first_hop[here] = sc.paths(here)[1]
            hop = first_hop[here].get(node)
            if hop is None:
                raise DeploymentError(f"{node} anchors {subnet} on {ar} but is not reachable from "
                                  "it over wired links")
            if here in sc.ripng and pl.node(here).kind is not NodeKind.ACCESS_ROUTER:
                raise DeploymentError(f"{node} anchors {subnet} below {here}, which routes by "
                                      "RIPng (core_routing = ripng) over the host routes of "
                                      "addresses away from the link: not simulated")
            iface, gateway = sc._next_hop(here, hop)
            routing = ns.Ipv6StaticRoutingHelper().GetStaticRouting(sc.ipv6(here))
            mr.AddRemoteLink(ns.Ipv6Address(str(subnet.network_address)), subnet.prefixlen,
                             routing, iface, ns.Ipv6Address(gateway))
            here = hop


def _ask(dep: Deployment, rel: Any) -> None:
    """Relation ``lm-client`` across nodes (section 7, figure 8): the mobility routing
    function resolves the location management function's pools through its location cache,
    asking the function on its location server (Location Query), or told by it (``delivery =
    push``: Location Notify); a packet that misses waits for the reply, or goes via home where
    route optimisation says so (``first_packet``). What no one binds in the pools it anchors is
    dropped and counted, as at a co-located function."""
    ns = load()
    pl = dep.scenario.placement
    mr = dep.mobility_routing[rel.source_node]
    lm = dep.location_management[rel.target]
    anchored = bool(set(pl.lm(rel.target).serves) & set(pl.mr(rel.source).anchors))
    if pl.lm(rel.target).delivery is LmDelivery.PUSH:
        lm.SetAttribute("PushToCaches", ns.BooleanValue(True))
    for pool in _ask_for(dep, rel.source, rel.source_node, rel.target, rel.target_node,
                         anchored):
        if anchored:
            mr.AddAnchoredPrefix(ns.Ipv6Address(str(pool.network_address)), pool.prefixlen)
    if anchored:
        _follow_links(dep, rel)


def _follow_links(dep: Deployment, rel: Any) -> None:
    """Dynamic mobility with the anchoring function a client of a location server (sections
    6 and 7): the server tells it every binding of an address on the access links of the
    networks it anchors and that allocate per session (LocationManagement::WatchLink; its
    cache takes them as FOLLOWED), which it holds as its own (one naming its own node, the
    anchor point there, leaves that anchor point's regional binding in force), and the routers
    of those links route an address away from its link to it (:func:`_remote_links`)."""
    ns = load()
    pl = dep.scenario.placement
    networks = tuple(set(pl.lm(rel.target).serves) & set(pl.mr(rel.source).anchors))
    cache = _cache_of(dep, rel.source, rel.source_node)
    lm = dep.location_management[rel.target]
    server = ns.Ipv6Address(dep.function_address(rel.target_node))
    mr_address = ns.Ipv6Address(dep.function_address(rel.source_node))
    for _, subnet in _per_session_links(dep, networks):
        prefix = ns.Ipv6Address(str(subnet.network_address))
        cache.AddServer(server, prefix, subnet.prefixlen, False, ns.dmm.LocationCache.FOLLOWED)
        lm.WatchLink(prefix, subnet.prefixlen, mr_address, server)
    _remote_links(dep, dep.mobility_routing[rel.source_node], rel.source_node, networks)


def _query(dep: Deployment, rel: Any, group: Any) -> None:
    """Relation ``lm-query`` (section 8, RS2.query): the correspondent's mobility routing
    function asks the location management function keeping the home address for its
    location, through its location cache, and tunnels straight to it; the same for the
    addresses sessions take on the access links of the networks the function serves (dynamic
    mobility, section 6), where no binding means the node is on the link (routed on)."""
    _ask_for(dep, rel.source, rel.source_node, rel.target, rel.target_node)
    ns = load()
    cache = _cache_of(dep, rel.source, rel.source_node)
    server = ns.Ipv6Address(dep.function_address(rel.target_node))
    delivery = _queried(dep, rel.target)
    for link in _session_links(dep, dep.scenario.placement.lm(rel.target).serves, rel.source):
        cache.AddServer(server, ns.Ipv6Address(str(link.network_address)), link.prefixlen,
                        False, delivery)


def _push(dep: Deployment, rel: Any, group: Any) -> None:
    """Relation ``location-push`` (section 8, RS2.push): the correspondent's mobility routing
    function tunnels a packet it has no location for to the home network's function (the
    first packet, via home), which forwards it on and pushes the location back (Location
    Notify), and pushes it again when it changes."""
    _pushed_by(dep, rel.target, rel.target_node, rel.source, rel.source_node)


def _pushed_by(dep: Deployment, mr_name: str, mr_node: str, home_name: str,
               home_node: str) -> None:
    """The location cache of the function ``mr_name`` on ``mr_node`` takes the locations of
    the home addresses ``home_name`` (on ``home_node``) anchors from it, by push only, and
    sends what it has none for through a tunnel to it; ``home_name`` pushes to every address
    of ``mr_node`` (the tunnel entry is whichever one routing picks)."""
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    _location_peer(dep, mr_node, home_node)
    cache = _cache_of(dep, mr_name, mr_node)
    server = ns.Ipv6Address(dep.function_address(home_node))
    for lm_name in pl.mr(home_name).lms:
        for pool in dep.pools[lm_name]:
            cache.AddServer(server, ns.Ipv6Address(str(pool.network_address)), pool.prefixlen,
                            False, ns.dmm.LocationCache.PUSHING)
        cache.AddAuthority(dep.location_management[lm_name])
    # the session links the home MR follows: of the networks it anchors that its servers serve
    served = {net for lm_name in pl.mr(home_name).lms for net in pl.lm(lm_name).serves}
    followed = tuple(net for net in pl.mr(home_name).anchors if net in served)
    for link in _session_links(dep, followed, mr_name):
        cache.AddServer(server, ns.Ipv6Address(str(link.network_address)), link.prefixlen,
                        False, ns.dmm.LocationCache.PUSHING)
    home = dep.mobility_routing[home_node]
    for (node, _), address in sc.addresses.items():
        if node == mr_node:
            home.PushLocationsTo(ns.Ipv6Address(address))


def _session_links(dep: Deployment, networks: tuple[str, ...],
                   mr_name: str) -> list[ipaddress.IPv6Network]:
    """The access links of ``networks`` that allocate per session (their addresses are the
    sessions', dynamic mobility), but for those of the networks the function ``mr_name``
    anchors itself (it follows their bindings)."""
    pl = dep.scenario.placement
    own = set(pl.mr(mr_name).anchors)
    return [subnet for ar, subnet in _per_session_links(dep, networks)
            if pl.node(ar).network not in own]


def _per_session_links(dep: Deployment, networks: Any) -> list[tuple[str, Any]]:
    """(access router, its access subnet) for the access links of ``networks`` that allocate
    per session (their addresses are the sessions', dynamic mobility)."""
    sc, pl = dep.scenario, dep.scenario.placement
    return [(ar, subnet) for ar, subnet in sc.access_subnets.items()
            if (network := pl.node(ar).network) in networks
            and pl.network(network).allocation.scope is AllocationScope.PER_SESSION]


def _queried(dep: Deployment, lm_name: str) -> Any:
    """How the location management function ``lm_name`` delivers to a cache that asks it:
    asked, or asked and pushing its changes (PushToCaches)."""
    ns = load()
    pushes = ns.BooleanValue()
    dep.location_management[lm_name].GetAttribute("PushToCaches", pushes)
    return (ns.dmm.LocationCache.QUERIED_AND_PUSHING if pushes.Get()
            else ns.dmm.LocationCache.QUERIED)


def _cache_of(dep: Deployment, mr_name: str, mr_node: str) -> Any:
    """The location cache of the mobility routing function on ``mr_node``, created on first
    use with the placement's size and the route optimisation's first-packet policy."""
    ns = load()
    dmm = ns.dmm
    pl = dep.scenario.placement
    mr = dep.mobility_routing[mr_node]
    cache = mr.GetLocationCache()
    if not cache:
        cache = ns.CreateObject[dmm.LocationCache]()
        cache.SetAttribute("CacheSize", ns.UintegerValue(max(1, pl.mr(mr_name).cache_size)))
        ro = pl.route_optimisation
        if ro is not None and ro.first_packet is FirstPacket.VIA_HOME:
            cache.SetAttribute("FirstPacket", ns.EnumValue[dmm.LocationCache.FirstPacket](
                dmm.LocationCache.VIA_HOME))
        dep.config.set_on(cache, LOCATION_CACHE, ns)
        mr.UseLocationCache(cache)
        if ro is not None and ro.forwarding is Forwarding.HEADER_REWRITE:
            mr.SetHeaderRewrite(True)
        dep.caches[mr_node] = cache
    return cache


def _ask_for(dep: Deployment, mr_name: str, mr_node: str, lm_name: str, lm_node: str,
             anchored: bool = False) -> list[ipaddress.IPv6Network]:
    """The location cache of the mobility routing function on ``mr_node`` asks ``lm_name``
    on ``lm_node`` for the addresses of its pools, which it returns; ``anchored``: the
    function anchors them (a miss there always waits). When the function pushes changes
    (PushToCaches), the cache keeps what it answers for as long as it says."""
    ns = load()
    _location_peer(dep, mr_node, lm_node)
    cache = _cache_of(dep, mr_name, mr_node)
    server = ns.Ipv6Address(dep.function_address(lm_node))
    lm = dep.location_management[lm_name]
    delivery = _queried(dep, lm_name)
    pools = dep.pools[lm_name]
    for pool in pools:
        cache.AddServer(server, ns.Ipv6Address(str(pool.network_address)), pool.prefixlen,
                        anchored, delivery)
    cache.AddAuthority(lm)
    return pools


def _synchronise(dep: Deployment, rel: Any, group: Any) -> None:
    """Relation ``lm-sync``: two replicas of a location database replicate their
    registrations to each other (Location Replicate)."""
    ns = load()
    _location_peer(dep, rel.source_node, rel.target_node)
    ns.dmm.DmmRelationHelper.Synchronise(
        dep.location_management[rel.source], ns.Ipv6Address(dep.function_address(rel.source_node)),
        dep.location_management[rel.target], ns.Ipv6Address(dep.function_address(rel.target_node)))


def _location_peer(dep: Deployment, a: str, b: str) -> None:
    """Nodes ``a`` and ``b`` exchange location management messages (none when co-located)."""
    if a != b:
        dep._location_peers.add((min(a, b), max(a, b)))


def _tunnel(dep: Deployment, rel: Any, group: Any) -> None:
    """Relation ``tunnel``: nothing to wire; a mobility routing function tunnels by the
    bindings it follows, and a proxy ends the tunnels to its node."""


def _correspondent_registration(dep: Deployment, rel: Any, group: Any) -> None:
    """MIPv6 route optimisation (RFC 6275 5.2, 9, 11.6): the correspondent binding
    ``rel.target`` as a Correspondent on its node, and the mobile node ``rel.source``'s
    CorrespondentRegistration, which starts return routability with it when its packets
    arrive through the home agent's tunnel."""
    ns = load()
    dmm = ns.dmm
    sc, cfg = dep.scenario, dep.config
    if rel.target_node not in dep.correspondents:
        node = sc.node(rel.target_node)
        if not node.GetObject[dmm.MobilityL4Protocol]():
            dmm.DmmStackHelper().Install(node)
        cn = ns.CreateObject[dmm.Correspondent]()
        cfg.set_on(cn, CORRESPONDENT, ns)
        node.AggregateObject(cn)
        cn.Start()
        dep.correspondents[rel.target_node] = cn
    registration = dep.correspondent_registrations.get(rel.source)
    if registration is None:
        if rel.source not in dep.agents:
            raise DeploymentError(f"{rel.source}: return routability without a mobile node "
                                  "agent")
        registration = ns.CreateObject[dmm.CorrespondentRegistration]()
        cfg.set_on(registration, CORRESPONDENT_REGISTRATION, ns)
        sc.node(rel.source).AggregateObject(registration)
        registration.Start()
        dep.correspondent_registrations[rel.source] = registration
    registration.AddCorrespondent(ns.Ipv6Address(dep.function_address(rel.target_node)))


_WIRING = {
    "attachment": _attach,
    "registration": _register,
    "lm-client": _follow,
    "lm-sync": _synchronise,
    "tunnel": _tunnel,
    "lm-query": _query,
    "correspondent-registration": _correspondent_registration,
    "location-push": _push,
}

#: roles of a proxy function in :attr:`Deployment.functions`
L2_PROXY = "proxy on an access router"
BELOW_ANCHOR = "anchor point for proxies below"
HOST_ANCHOR = "anchor point for host-based mobile nodes"


# ----------------------------------------------------------------- functions, created on demand


def _claim(dep: Deployment, name: str, role: str) -> Any:
    """The object of proxy function ``name`` if it already plays ``role`` (None if it has no
    object yet); DeploymentError if it plays another."""
    known = dep.functions.get(name)
    if known is None:
        return None
    if known[0] != role:
        raise DeploymentError(f"{dep.scenario.placement.name}: {name} would be both an "
                              f"{known[0]} and an {role}: not simulated")
    return known[1]


def _l2_proxy(dep: Deployment, name: str, node_name: str) -> Any:
    """The proxy on an access router, registering the stations its access point
    associates."""
    ns = load()
    sc = dep.scenario
    proxy = _claim(dep, name, L2_PROXY)
    if proxy is None:
        node = sc.node(node_name)
        ns.dmm.DmmStackHelper.InstallMobilityRouting(node)
        proxy = ns.CreateObject[ns.dmm.Proxy]()
        dep.config.set_on(proxy, PROXY, ns)
        proxy.SetAttribute("AccessInterface", ns.UintegerValue(sc.interface(node_name, WIFI)))
        node.AggregateObject(proxy)
        dep.proxies[node_name] = proxy
        dep.functions[name] = (L2_PROXY, proxy)
    return proxy


def _below_anchor(dep: Deployment, name: str, node_name: str) -> Any:
    """A proxy triggered from below (the MR of a visited network as a mobility anchor point,
    HMIPv6 network-based): a location management function on its node takes the registrations
    of the proxies below, the node's mobility routing function tunnels down to them by it, and
    the proxy registers the mobile nodes it meets with its parent, naming this node as their
    locator."""
    ns = load()
    dmm = ns.dmm
    sc, cfg = dep.scenario, dep.config
    proxy = _claim(dep, name, BELOW_ANCHOR)
    if proxy is not None:
        return proxy
    node = sc.node(node_name)
    regional = ns.CreateObject[dmm.LocationManagement]()
    cfg.set_on(regional, LOCATION_MANAGEMENT, ns)
    regional.SetAttribute("HostRegistrationEnabled", ns.BooleanValue(False))
    regional.AddServedPrefix(ns.Ipv6Address("::"), 0)  # any home network prefix
    # Its messages are the anchor point's proxy's (the regional bindings are part of it).
    regional.SetAttribute("Function", ns.StringValue(ANCHOR_POINT_PROXY))
    # Beside any location management of the node's own (each takes the messages it claims).
    regional.Install(node)
    mr = dmm.DmmStackHelper.InstallMobilityRouting(node)
    dmm.DmmRelationHelper.Follow(mr, regional)
    proxy = ns.CreateObject[dmm.Proxy]()
    cfg.set_on(proxy, PROXY, ns)
    proxy.SetAttribute("Function", ns.StringValue(ANCHOR_POINT_PROXY))
    node.AggregateObject(proxy)
    proxy.ServeBelow(regional)
    dep.regional[node_name] = regional
    dep.mobility_routing[node_name] = mr
    dep.anchor_points[node_name] = proxy
    dep.functions[name] = (BELOW_ANCHOR, proxy)
    return proxy


def _host_anchor(dep: Deployment, name: str, node_name: str) -> ipaddress.IPv6Network:
    """An anchor point for host-based mobile nodes (an HMIPv6 MAP, RFC 5380): the /64 at the
    start of its network's regional prefixes (one per anchor point of the network) is routed
    to its node, a location management function there binds the regional care-of addresses
    formed in it to the on-link ones (local Binding Updates from the mobile nodes), and the
    node's mobility routing function tunnels down by those bindings. Its /64."""
    ns = load()
    dmm = ns.dmm
    sc, cfg, pl = dep.scenario, dep.config, dep.scenario.placement
    if _claim(dep, name, HOST_ANCHOR) is not None:
        return dep.regional_prefixes[node_name]
    network = pl.node(node_name).network
    index = sum(1 for n in dep.regional_prefixes if pl.node(n).network == network)
    regional_prefix = subnet(subnet(ipaddress.IPv6Network(pl.network(network).prefix), 52,
                                    REGIONAL_INDEX), 64, index)
    regional = ns.CreateObject[dmm.LocationManagement]()
    cfg.set_on(regional, LOCATION_MANAGEMENT, ns)
    regional.SetAttribute("ProxyRegistrationEnabled", ns.BooleanValue(False))
    regional.AddServedPrefix(ns.Ipv6Address(str(regional_prefix.network_address)),
                             regional_prefix.prefixlen)
    regional.SetAttribute("Function", ns.StringValue(ANCHOR_POINT_PROXY))
    node = sc.node(node_name)
    regional.Install(node)
    mr = dmm.DmmStackHelper.InstallMobilityRouting(node)
    dmm.DmmRelationHelper.Follow(mr, regional)
    mr.AddAnchoredPrefix(ns.Ipv6Address(str(regional_prefix.network_address)),
                         regional_prefix.prefixlen)
    gateway = pl.gateway_of(network)
    if gateway is not None and gateway.name != node_name:
        sc.route(gateway.name, str(regional_prefix), node_name)
    dep.regional[node_name] = regional
    dep.regional_prefixes[node_name] = regional_prefix
    dep.mobility_routing[node_name] = mr
    dep.functions[name] = (HOST_ANCHOR, regional)
    return regional_prefix


def _agent(dep: Deployment, h: Any) -> Any:
    """The agent of a host-based mobile node, for its home address ``h`` leased from the home
    network's allocation (one home address per mobile node)."""
    ns = load()
    dmm = ns.dmm
    sc, cfg = dep.scenario, dep.config
    mn = h.mn
    if mn in dep.agents:
        if dep.agent_home[mn] != h.name:
            raise DeploymentError(f"{mn}: several home addresses on one host-based mobile node "
                                  "are not simulated yet")
        return dep.agents[mn]
    if h.network not in dep.allocation:
        raise DeploymentError(f"{mn}: no location management function serves {h.network}")
    identifier = f"{mn}@{dep.domain}"
    lease = dep.allocation[h.network].Allocate(identifier)
    if lease.prefix.IsAny():
        raise DeploymentError(f"{mn}: the home address pool of {h.network} is exhausted")
    leased = ipaddress.IPv6Network(f"{lease.prefix}/{lease.prefixLength}")
    hoa = str(leased.network_address if leased.prefixlen == 128 else leased.network_address + 1)
    home_prefix_length = (dep.home_links[h.network].prefixlen if h.network in dep.home_links
                          else lease.prefixLength)
    dep.home_addresses[mn] = hoa
    node = sc.node(mn)
    dmm.DmmStackHelper.InstallMobilityRouting(node)
    agent = ns.CreateObject[dmm.MobileNodeAgent]()
    agent.SetAttribute("HomeAddress", ns.Ipv6AddressValue(ns.Ipv6Address(hoa)))
    agent.SetAttribute("HomePrefixLength", ns.UintegerValue(home_prefix_length))
    agent.SetAttribute("Identifier", ns.StringValue(identifier))
    agent.SetAttribute("AccessInterface", ns.UintegerValue(sc.interface(mn, WIFI)))
    cfg.set_on(agent, MOBILE_NODE_AGENT, ns)
    node.AggregateObject(agent)
    dep.agents[mn] = agent
    dep.agent_home[mn] = h.name
    return agent


def _agent_registers(dep: Deployment, agent: Any, h: Any, rel: Any) -> None:
    """A mobile node's agent registers its home address with ``rel.target``."""
    ns = load()
    pl = dep.scenario.placement
    address, nodes = _registration_address(dep, rel.target, h.network)
    ns.dmm.DmmRelationHelper.Register(agent, ns.Ipv6Address(address))
    _registers_with(dep, h.mn, nodes)
    lm_node = pl.lm(rel.target).node
    if not pl.mrs_on(lm_node):
        # A location server (section 7): traffic from the home address is reverse-tunnelled
        # to the mobility routing function anchoring the home network instead.
        anchor = _anchor_node(pl, pl.lm(rel.target), h.network)
        agent.SetAttribute("MobilityRouter",
                           ns.Ipv6AddressValue(ns.Ipv6Address(dep.function_address(anchor))))


def _registration_address(dep: Deployment, lm_name: str, network: str) -> tuple[str, list[str]]:
    """Where registrations of a home address of ``network`` for location management function
    ``lm_name`` go, and the nodes that may take them: the home agents anycast address of the
    network when an anycast group including the function's node advertises it (the nearest
    member takes each registration), else the function's node."""
    known = dep._memo.get(("registration", lm_name, network))
    if known is None:
        node = dep.scenario.placement.lm(lm_name).node
        anycast = dep.home_agent_anycast.get(network)
        if anycast is not None and node in dep.anycast[anycast][1]:
            known = (anycast, tuple(dep.anycast[anycast][1]))
        else:
            known = (dep.function_address(node), (node,))
        dep._memo["registration", lm_name, network] = known
    return known[0], list(known[1])


def _session_registrar(dep: Deployment, network: str) -> tuple[Any, str, list[str]]:
    """Who registers the session addresses of ``network`` (dynamic mobility): the location
    management function keeping them (the replica in the network itself, if replicated),
    where their registrations go and the nodes that may take them
    (:func:`_registration_address`)."""
    lm_spec = dep.scenario.placement.responsible_lm(network, near=network)
    address, nodes = _registration_address(dep, lm_spec.name, network)
    return lm_spec, address, nodes


def _registers_with(dep: Deployment, who: str, nodes: list[str]) -> None:
    known = dep.registers_with.setdefault(who, [])
    known.extend(n for n in nodes if n not in known)


def _lease_prefix(dep: Deployment, mn: str, h: Any) -> None:
    """Lease the home network prefix of a network-based mobile node to its Mobile Node
    Identifier, from the allocation of its home address's network (once)."""
    if mn in dep.home_prefixes:
        return
    if h.network not in dep.allocation:
        raise DeploymentError(f"{mn}: no location management function serves {h.network}")
    lease = dep.allocation[h.network].Allocate(_mn_id(dep, mn))
    if lease.prefix.IsAny():
        raise DeploymentError(f"{mn}: the home prefix pool of {h.network} is exhausted")
    dep.home_prefixes[mn] = ipaddress.IPv6Network(f"{lease.prefix}/{lease.prefixLength}")


def _mn_id(dep: Deployment, mn: str) -> str:
    """The Mobile Node Identifier the proxies know a mobile node by (its MAC address at the
    proxies' domain)."""
    known = dep._memo.get(("mn-id", mn))
    if known is None:
        known = dep._memo["mn-id", mn] = f"{dep.scenario.macs[mn]}@{dep.domain}"
    return known


def _set_routing_and_protocols(dep: Deployment) -> None:
    """The parameters of every mobility routing function, and of every node's Mobility Header
    and tunnel protocols, where any are set."""
    ns = load()
    dmm = ns.dmm
    cfg, sc = dep.config, dep.scenario
    kinds = [(MOBILITY_ROUTING, dmm.MobilityRouting)] + [
        (type_id, getattr(dmm, type_id.rsplit("::", 1)[1])) for type_id in NODE_PROTOCOLS]
    for type_id, cls in kinds:
        if not cfg.as_document().get(type_id):
            continue
        for name in sc.nodes:
            obj = sc.node(name).GetObject[cls]()
            if obj:
                cfg.set_on(obj, type_id, ns)




def _deploy_anycast_group(dep: Deployment, group: Any) -> None:
    """Mobility routing functions that all advertise the home prefix pools of the group's
    networks: every router routes each pool to the member nearest to it (shortest delay; a
    tie goes to the member in the pool's own network, then to the first member; a router that
    is itself a member needs no route), and every member delivers the pool's home agents
    anycast address (RFC 2526 identifier 126 in a /64 reserved from the pool's allocation)
    locally, so that a mobile node's registrations and reverse tunnel reach the member nearest
    to it. With ``core_routing = "ripng"`` every member also originates each pool through
    RIPng (the anycast address on its loopback, with the pool's length): the routers take the
    nearest member by hop count, another one when it fails; the static routes below RIPng's
    serve until it has converged."""
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    members = [pl.mr(m).node for m in group.members]
    routers = {n: sc.paths(n) for n in sc.nodes
               if n == CORE or pl.node(n).kind is NodeKind.GATEWAY}
    for network in group.networks:
        pool = dep.network_pools[network]
        lease = dep.allocation[network].Allocate(HOME_AGENTS_ANYCAST)
        if lease.prefix.IsAny() or lease.prefixLength > 64:
            raise DeploymentError(f"{network}: no /64 in its home prefix pool for the home "
                                  "agents anycast address")
        reserved = ipaddress.IPv6Network(f"{lease.prefix}/{lease.prefixLength}")
        address = str(reserved.network_address + HOME_AGENTS_ANYCAST_ID)
        for node in members:
            dep.mobility_routing[node].AddAnycastAddress(ns.Ipv6Address(address))
        dep.home_agent_anycast[network] = address
        dep.anycast[address] = (group.name, members)
        if sc.ripng:
            for node in members:
                sc.ipv6(node).AddAddress(0, ns.Ipv6InterfaceAddress(
                    ns.Ipv6Address(address), ns.Ipv6Prefix(pool.prefixlen)), False)
        home = [m for m in members if pl.node(m).network == network]
        order = {m: k for k, m in enumerate(home + [m for m in members if m not in home])}
        for router, (delay, first_hop) in routers.items():
            if router in members:
                continue
            reachable = [m for m in members if m in first_hop]
            if not reachable:
                continue
            nearest = min(reachable, key=lambda m: (delay[m], order[m]))
            sc.route(router, str(pool), first_hop[nearest])






@lru_cache(maxsize=1)
def simulated_presets() -> tuple[str, ...]:
    """The presets (at their default sizes) that :func:`check_supported` accepts."""
    from ns3dmm.framework.presets import PRESETS, build_preset  # noqa: PLC0415

    out = []
    for name in PRESETS:
        try:
            check_supported(build_preset(name))
        except DeploymentError:
            continue
        out.append(name)
    return tuple(out)


def not_simulated(pl: Any) -> str | None:
    """What the simulator lacks to build a placement (one line), or None when it can."""
    try:
        check_supported(pl)
    except DeploymentError as exc:
        return str(exc).removeprefix(f"{pl.name}: ")
    return None


def check_supported(pl: Any) -> None:
    """DeploymentError (one line, naming what is missing) for a placement the simulator
    cannot build yet; pure, so callers refuse it before loading ns-3."""
    ro = pl.route_optimisation
    if ro is not None and ro.rs2 is Rs2.PUSH:
        for mr in pl.mobility_routers:
            if any(pl.lm(lm).node == mr.node for lm in mr.lms
                   if set(pl.lm(lm).serves) & set(mr.anchors)):
                raise DeploymentError(f"{pl.name}: route optimisation by push from {mr.name}, "
                                      "which keeps its bindings itself (its location management "
                                      f"on {mr.node}), is not simulated: the home MR pushes "
                                      "what it learns from a location server")
    if ro is not None and ro.forwarding is Forwarding.HEADER_REWRITE:
        if pl.mode is not Mode.NETWORK_BASED:
            raise DeploymentError(f"{pl.name}: header rewrite with host-based mobile nodes is "
                                  "not simulated: the egress gateway restores the home prefix "
                                  "of a network-based mobile node ([I-D.dmm-nat-phl]); use "
                                  "mode='network'")
        beside = [lm.name for lm in pl.location_managers if pl.mrs_on(lm.node)]
        if beside:
            raise DeploymentError(f"{pl.name}: header rewrite with location management beside "
                                  f"a mobility routing function ({', '.join(beside)}) is not "
                                  "simulated: its bindings' per-host locators would be "
                                  "tunnelled to; only location servers are")
    for mn in pl.mobile_nodes:
        held = [h.name for h in pl.home_addresses_of(mn.name) if h.continuity]
        if len(held) > 1:
            raise DeploymentError(f"{pl.name}: several home addresses on one mobile node "
                                  f"({mn.name}: {', '.join(held)}) are not simulated yet")
    advertised: dict[str, set[str]] = {}
    for group in pl.anycast_groups:
        for member in group.members:
            node = pl.mr(member).node
            advertised.setdefault(member, set()).update(group.networks)
            # A member keeps the group's bindings beside it, or learns them from their servers
            # (RS2.query) or from the home networks' functions (RS2.push).
            if ro is None and not any(set(group.networks) <= set(lm.serves)
                                    for lm in pl.location_managers if lm.node == node):
                raise DeploymentError(f"{pl.name}: anycast member {member} on {node} without a "
                                      "co-located location management function keeping the "
                                      f"bindings of {', '.join(group.networks)} is not "
                                      "simulated")
    for lm in pl.location_managers:
        anchors = [mr for mr in pl.mrs_on(lm.node)
                   if set(lm.serves) <= set(mr.anchors) | advertised.get(mr.name, set())]
        # A location server: an MR elsewhere anchors its networks and asks it (section 7).
        anchors += [mr for mr in pl.mobility_routers if mr.node != lm.node
                    and lm.name in mr.lms and set(lm.serves) <= set(mr.anchors)]
        if not anchors:
            raise DeploymentError(f"{pl.name}: location management {lm.name} on {lm.node} without "
                                  "a co-located mobility routing function anchoring its "
                                  "networks is not simulated yet")
    for proxy in pl.proxies:
        on_ar = pl.node(proxy.node).kind is NodeKind.ACCESS_ROUTER
        if on_ar and pl.mode is Mode.HOST_BASED:
            raise DeploymentError(f"{pl.name}: proxy {proxy.name} on access router {proxy.node} "
                                  "with host-based mobile nodes is not simulated")
        if on_ar:
            continue
        if pl.mode is Mode.HOST_BASED and sum(
                1 for p in pl.proxies if pl.node(p.node).kind is not NodeKind.ACCESS_ROUTER
                and pl.node(p.node).network == pl.node(proxy.node).network) > 1:
            raise DeploymentError(f"{pl.name}: several anchor points in "
                                  f"{pl.node(proxy.node).network} for host-based mobile nodes "
                                  "(which serves which access router) is not simulated")
        if not pl.mrs_on(proxy.node):
            raise DeploymentError(f"{pl.name}: proxy {proxy.name} on {proxy.node} without a "
                                  "mobility routing function there to tunnel down to the "
                                  "proxies below is not simulated")
