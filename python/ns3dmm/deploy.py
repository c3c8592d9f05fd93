"""Place the logical functions of a framework placement on a built scenario.

:func:`deploy` reads the placement (which node hosts which location management, mobility
routing and proxy function; host- or network-based mode) and creates the C++ function objects
on the scenario's nodes:

* every location management function gets, for each network it serves, the network's
  home-prefix pool (the /52 at index :data:`POOL_INDEX` of the network prefix), a co-located
  prefix allocation over it, and the gateway of the network routes the pool to its node;
* every mobility routing function that anchors those networks follows that database, and
  drops (counted) what arrives for an unbound address of a pool, which has no link;
* host-based: each mobile node gets a home address from its home network's allocation, a
  mobility routing function (reverse tunnelling) and its agent, registering with the location
  management function of its home network;
* network-based: every proxy on an access router watches the access point's associations and
  registers the stations with its parent (its ``parent`` in the placement; without one, the
  location management function of each mobile node's home network, by a policy profile per
  Mobile Node Identifier, RFC 5213 6.2); each mobile node's home network prefix is leased to
  its Mobile Node Identifier when deployed, so the location management function grants that
  prefix at the first registration and correspondents know the mobile node's address from the
  start;
* host-based, a proxy on an anchor node without location management (HMIPv6's MAP, RFC 5380):
  a /64 routed to its node, a location management function there binding the regional
  care-of addresses formed in it to the on-link ones, the node's mobility routing function
  tunnelling down by them; every mobile node's agent knows the anchor point serving each
  access router of the anchor point's network, and the home location management function
  takes the /64 as the anchor point's (entries of kind mobility router);
* network-based, a proxy on an anchor node (an anchor point: HMIPv6's MAP, the MR of a visited
  network acting as proxy) is triggered from below: a location management function on its node
  takes the registrations of the proxies below, the node's mobility routing function tunnels
  down to them, and the proxy registers each mobile node it meets with its own parent, naming
  its node as the locator (declared to that location management as a mobility router).

* replicated location management (relation ``lm-sync``): each function sends every
  registration it accepts to its peers (Location Replicate), so that every replica's mobility
  routing function forwards from the same bindings;
* an anycast group of mobility routing functions: every router routes the home prefix pools of
  the group's networks to its nearest member, and every member takes the pool's home agents
  anycast address, which host-based mobile nodes, and the proxies of network-based ones,
  register with (HAHA, figure 6).

Implemented here: placements whose location management functions are co-located with the
mobility routing function anchoring (or advertising) their networks (MIPv6, PMIPv6, HMIPv6
host- and network-based, multiple home networks with mobile nodes of several homes, HAHA
host- and network-based). A home anchor as proxy for host-based mobile nodes of other
networks (figure 7), distributed location management and route optimisation raise
:class:`DeploymentError` naming what is missing.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ns3dmm._loader import load
from ns3dmm.framework.model import Mode, NodeKind
from ns3dmm.attributes import Functions
from ns3dmm.scenario import Scenario
from ns3dmm.scenario.build import CORE, WIFI

#: index, in units of /52, of each network's home prefix pool (links use the top /64s and
#: access subnets the lowest ones)
POOL_INDEX = 1
#: index, in units of /52, of each network's regional prefixes: one /64 routed to each of its
#: mobility anchor points, in which host-based mobile nodes form regional care-of addresses
REGIONAL_INDEX = 2


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
MOBILITY_ROUTING = "ns3::dmm::MobilityRouting"
MOBILE_NODE_AGENT = "ns3::dmm::MobileNodeAgent"
PROXY = "ns3::dmm::Proxy"
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
    proxies: dict[str, Any] = field(default_factory=dict)              #: AR node -> proxy
    #: anchor point node -> its proxy triggered from below (HMIPv6 network-based MAP)
    anchor_points: dict[str, Any] = field(default_factory=dict)
    #: anchor point node -> its location management of the registrations from below
    regional: dict[str, Any] = field(default_factory=dict)
    #: anchor point node -> the /64 of the regional care-of addresses it binds (host mode)
    regional_prefixes: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    #: (location management, anchor point) pairs whose /64 the former knows as a router's
    declared_routers: set[tuple[str, str]] = field(default_factory=set)
    home_addresses: dict[str, str] = field(default_factory=dict)       #: MN -> HoA (host mode)
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
    #: C++ size series of the binding tables: ("location_management" | "proxy", name) -> series
    tables: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    #: C++ times each mobile node agent or proxy node sent a Binding Update
    updates: dict[str, Any] = field(default_factory=dict, repr=False)
    #: C++ FunctionEvents per mobile node: its agent's, or the proxies' events about it
    events: dict[str, Any] = field(default_factory=dict, repr=False)

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


def pool_prefix(network_prefix: str) -> ipaddress.IPv6Network:
    """The home prefix pool of a network: the /52 at POOL_INDEX of its prefix."""
    net = ipaddress.IPv6Network(network_prefix)
    if net.prefixlen > 52:
        raise DeploymentError(f"network prefix {network_prefix} is longer than /52: no room for "
                              "a home prefix pool")
    return list(net.subnets(new_prefix=52))[POOL_INDEX]


def deploy(sc: Scenario, functions: Functions | None = None) -> Deployment:
    """Create the function objects of ``sc.placement`` on the scenario's nodes, with the
    function parameters ``functions`` (attributes per TypeId; unset ones keep their TypeId
    defaults)."""
    cfg = functions if functions is not None else Functions()
    ns = load()
    dmm = ns.dmm
    pl = sc.placement
    check_supported(pl)
    dep = Deployment(sc, cfg)

    anycast = {net for g in pl.anycast_groups for net in g.networks}
    # Location management, allocation and mobility routing on each anchor.
    for lm_spec in pl.location_managers:
        node = sc.node(lm_spec.node)
        lm = ns.CreateObject[dmm.LocationManagement]()
        cfg.set_on(lm, LOCATION_MANAGEMENT, ns)
        # On an access router, the function serves its WiFi link as the home link (a home
        # agent on the home link): home addresses are /128s of the link's /64.
        home_link = pl.node(lm_spec.node).kind is NodeKind.ACCESS_ROUTER
        if home_link and (len(lm_spec.serves) != 1 or pl.mode is not Mode.HOST_BASED):
            raise DeploymentError(f"{lm_spec.name} on access router {lm_spec.node}: a home link "
                                  "serves one network of a host-based placement")
        for network_name in lm_spec.serves:
            network = pl.network(network_name)
            pool = sc.access_subnets[lm_spec.node] if home_link else pool_prefix(network.prefix)
            lm.AddServedPrefix(ns.Ipv6Address(str(pool.network_address)), pool.prefixlen)
            # One allocation per network, shared by the replicas serving it.
            alloc = dep.allocation.get(network_name)
            if alloc is None:
                alloc = ns.CreateObject[dmm.HomeAddressAllocation]()
                cfg.set_on(alloc, ALLOCATION, ns)
                if home_link:
                    alloc.SetAttribute("PrefixLength", ns.UintegerValue(128))
                    alloc.SetFirstIndex(HOME_LINK_FIRST_INDEX)
                    dep.home_links[network_name] = pool
                alloc.SetNetwork(ns.Ipv6Address(str(pool.network_address)), pool.prefixlen)
                dep.allocation[network_name] = alloc
            lm.AddAllocation(alloc)
            dep.anchors.setdefault(network_name, lm_spec.node)
            gateway = pl.gateway_of(network_name)
            if (not home_link and network_name not in anycast and gateway is not None
                    and gateway.name != lm_spec.node):
                sc.route(gateway.name, str(pool), lm_spec.node)
        node.AggregateObject(lm)
        dep.location_management[lm_spec.name] = lm
        for mr_spec in pl.mrs_on(lm_spec.node):
            mr = dmm.DmmStackHelper.InstallMobilityRouting(node)
            mr.FollowLocationManagement(lm)
            if not home_link:
                # The pools have no link: what is unbound there is dropped, not sent back.
                for network_name in lm_spec.serves:
                    pool = pool_prefix(pl.network(network_name).prefix)
                    mr.AddAnchoredPrefix(ns.Ipv6Address(str(pool.network_address)),
                                         pool.prefixlen)
            if home_link:
                mr.SetHomeLink(sc.interface(lm_spec.node, WIFI))
                if sc.config.dad:
                    # RFC 6275 10.3.1: duplicate address detection of home addresses.
                    lm.SetHomeLink(mr)
            dep.mobility_routing[lm_spec.node] = mr

    _deploy_replication(dep)
    for group in pl.anycast_groups:
        _deploy_anycast_group(dep, group)

    if pl.mode is Mode.HOST_BASED:
        for proxy in pl.proxies:
            _deploy_regional_anchor(dep, proxy)
        for mn in pl.mobile_nodes:
            _deploy_host(dep, mn.name)
    else:
        # Anchor points first (proxies triggered from below), then the access routers' proxies
        # registering with them or with location management directly.
        for proxy in pl.proxies:
            if pl.node(proxy.node).kind is not NodeKind.ACCESS_ROUTER:
                _deploy_anchor_point(dep, proxy)
        for proxy in pl.proxies:
            if pl.node(proxy.node).kind is NodeKind.ACCESS_ROUTER:
                _deploy_proxy(dep, proxy)
        for mn in pl.mobile_nodes:
            _provision_prefix(dep, mn.name)
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
    for mn in pl.mobile_nodes:
        log = dep.events[mn.name] = dmm.FunctionEvents.New()
        if mn.name in dep.agents:
            log.AttachAgent(dep.agents[mn.name], mn.name)
        mn_id = f"{sc.macs[mn.name]}@{dep.domain}"
        for ar, proxy_object in dep.proxies.items():
            log.AttachProxy(proxy_object, ar, mn_id)
    return dep


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


def _deploy_replication(dep: Deployment) -> None:
    """Every pair of location management functions that synchronise (relation ``lm-sync``,
    a replicated database) replicate their registrations to each other."""
    from ns3dmm.framework.relations import RelationKind, relations  # noqa: PLC0415

    ns = load()
    for rel in relations(dep.scenario.placement):
        if rel.kind is not RelationKind.LM_SYNC:
            continue
        a, b = dep.location_management[rel.source], dep.location_management[rel.target]
        address_a = ns.Ipv6Address(_node_address(dep, rel.source_node))
        address_b = ns.Ipv6Address(_node_address(dep, rel.target_node))
        # Each sends from the address the other declared for it.
        a.AddReplica(address_b, address_a)
        b.AddReplica(address_a, address_b)


def _deploy_anycast_group(dep: Deployment, group: Any) -> None:
    """Mobility routing functions that all advertise the home prefix pools of the group's
    networks: every router routes each pool to the member nearest to it (shortest delay; a
    tie goes to the member in the pool's own network, then to the first member; a router that
    is itself a member needs no route), and every member delivers the pool's home agents
    anycast address (RFC 2526 identifier 126 in a /64 reserved from the pool's allocation)
    locally, so that a mobile node's registrations and reverse tunnel reach the member nearest
    to it."""
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    members = [pl.mr(m).node for m in group.members]
    routers = {n: sc.paths(n) for n in sc.nodes
               if n == CORE or pl.node(n).kind is NodeKind.GATEWAY}
    for network in group.networks:
        pool = pool_prefix(pl.network(network).prefix)
        lease = dep.allocation[network].Allocate(HOME_AGENTS_ANYCAST)
        if lease.prefix.IsAny() or lease.prefixLength > 64:
            raise DeploymentError(f"{network}: no /64 in its home prefix pool for the home "
                                  "agents anycast address")
        reserved = ipaddress.IPv6Network(f"{lease.prefix}/{lease.prefixLength}")
        address = str(reserved.network_address + HOME_AGENTS_ANYCAST_ID)
        for node in members:
            dep.mobility_routing[node].AddAnycastAddress(ns.Ipv6Address(address))
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
        dep.home_agent_anycast[network] = address
        dep.anycast[address] = (group.name, members)


def _provision_prefix(dep: Deployment, mn: str) -> None:
    """Lease the home network prefix of a network-mode mobile node to its Mobile Node
    Identifier (the MAC address at the proxies' domain), from its home network's allocation."""
    pl = dep.scenario.placement
    homes = pl.home_addresses_of(mn)
    networks = [h.network for h in homes] or sorted({h.network for h in pl.home_addresses})
    network = next((n for n in networks if n in dep.allocation), None)
    if network is None:
        raise DeploymentError(f"{mn}: no location management function serves its home network")
    lease = dep.allocation[network].Allocate(f"{dep.scenario.macs[mn]}@{dep.domain}")
    if lease.prefix.IsAny():
        raise DeploymentError(f"{mn}: the home prefix pool of {network} is exhausted")
    dep.home_prefixes[mn] = ipaddress.IPv6Network(f"{lease.prefix}/{lease.prefixLength}")


def _anchor_address(dep: Deployment, network: str) -> str:
    return _node_address(dep, dep.anchors[network])


def _node_address(dep: Deployment, node: str) -> str:
    """The address a function on ``node`` is reached at: on its link to its network's gateway
    (its first address when it is the gateway or has no such link)."""
    sc, pl = dep.scenario, dep.scenario.placement
    gateway = pl.gateway_of(pl.node(node).network)
    if gateway is not None and gateway.name != node and (node, gateway.name) in sc.addresses:
        return sc.address(node, gateway.name)
    return next(a for (n, _), a in sc.addresses.items() if n == node)


def _parent_node(dep: Deployment, proxy_spec: Any) -> str | None:
    """The node a proxy registers with: its parent proxy's or location management function's
    node, or (no parent) the anchor of the home network of the placement's mobile nodes; None
    when they have several home networks (each mobile node's own, :func:`_set_parents`)."""
    pl = dep.scenario.placement
    if proxy_spec.parent is not None and pl.has_proxy(proxy_spec.parent):
        return pl.proxy(proxy_spec.parent).node
    if proxy_spec.parent is not None and pl.has_lm(proxy_spec.parent):
        return pl.lm(proxy_spec.parent).node
    homes = {h.network for h in pl.home_addresses}
    if len(homes) != 1 or homes <= set(dep.home_agent_anycast):
        return None
    return dep.anchors[_parent_network(pl, proxy_spec)]


def _set_parents(dep: Deployment, proxy: Any, parent: str | None) -> list[str]:
    """Point a proxy at its parent, or (None) at each mobile node's home anchor by a policy
    profile per Mobile Node Identifier (RFC 5213 6.2): the home agents anycast address of its
    home network where an anycast group advertises it (the nearest member takes the proxy's
    registrations and reverse tunnel). The nodes it may register with."""
    ns = load()
    sc, pl = dep.scenario, dep.scenario.placement
    if parent is not None:
        proxy.SetAttribute("Parent", ns.Ipv6AddressValue(ns.Ipv6Address(
            _node_address(dep, parent))))
        return [parent]
    parents = []
    for mn in pl.mobile_nodes:
        homes = {h.network for h in pl.home_addresses_of(mn.name)}
        if len(homes) != 1 or next(iter(homes)) not in dep.anchors:
            raise DeploymentError(f"{pl.name}: {mn.name} needs one home network with a "
                                  "location management function")
        network = homes.pop()
        anycast = dep.home_agent_anycast.get(network)
        proxy.SetParentFor(f"{sc.macs[mn.name]}@{dep.domain}", ns.Ipv6Address(
            anycast or _node_address(dep, dep.anchors[network])))
        parents += dep.anycast[anycast][1] if anycast else [dep.anchors[network]]
    return sorted(set(parents))


def _deploy_host(dep: Deployment, mn: str) -> None:
    ns = load()
    dmm = ns.dmm
    sc, cfg, pl = dep.scenario, dep.config, dep.scenario.placement
    hoas = pl.home_addresses_of(mn)
    if not hoas:
        raise DeploymentError(f"{mn}: no home address in the placement")
    network = hoas[0].network
    if network not in dep.allocation:
        raise DeploymentError(f"{mn}: no location management function serves {network}")
    identifier = f"{mn}@{dep.domain}"
    lease = dep.allocation[network].Allocate(identifier)
    if lease.prefix.IsAny():
        raise DeploymentError(f"{mn}: the home address pool of {network} is exhausted")
    leased = ipaddress.IPv6Network(f"{lease.prefix}/{lease.prefixLength}")
    hoa = str(leased.network_address if leased.prefixlen == 128 else leased.network_address + 1)
    home_prefix_length = (dep.home_links[network].prefixlen if network in dep.home_links
                          else lease.prefixLength)
    dep.home_addresses[mn] = hoa
    node = sc.node(mn)
    dmm.DmmStackHelper.InstallMobilityRouting(node)
    agent = ns.CreateObject[dmm.MobileNodeAgent]()
    agent.SetAttribute("HomeAddress", ns.Ipv6AddressValue(ns.Ipv6Address(hoa)))
    agent.SetAttribute("HomePrefixLength", ns.UintegerValue(home_prefix_length))
    agent.SetAttribute("HomeAgent", ns.Ipv6AddressValue(ns.Ipv6Address(
        dep.home_agent_anycast.get(network) or _anchor_address(dep, network))))
    agent.SetAttribute("Identifier", ns.StringValue(identifier))
    agent.SetAttribute("AccessInterface", ns.UintegerValue(sc.interface(mn, WIFI)))
    cfg.set_on(agent, MOBILE_NODE_AGENT, ns)
    maps = []
    home_lms = [lm.name for lm in pl.location_managers if network in lm.serves]
    for map_node, regional in dep.regional_prefixes.items():
        address = ns.Ipv6Address(_node_address(dep, map_node))
        # A regional care-of address stands for the anchor point (the hierarchical mapping
        # HoA -> MR -> CoA): the home location management's entries are of that kind.
        for lm in home_lms:
            if (lm, map_node) not in dep.declared_routers:
                dep.declared_routers.add((lm, map_node))
                dep.location_management[lm].AddMobilityRouter(
                    ns.Ipv6Address(str(regional.network_address)), regional.prefixlen)
        for ar in pl.nodes_of_kind(NodeKind.ACCESS_ROUTER, pl.node(map_node).network):
            subnet = sc.access_subnets[ar.name]
            agent.AddAnchorPoint(ns.Ipv6Address(str(subnet.network_address)), subnet.prefixlen,
                                 address, ns.Ipv6Address(str(regional.network_address)))
        maps.append(map_node)
    node.AggregateObject(agent)
    agent.Start()
    dep.agents[mn] = agent
    anycast = dep.anycast.get(dep.home_agent_anycast.get(network, ""))
    dep.registers_with[mn] = (list(anycast[1]) if anycast else [dep.anchors[network]]) + maps


def _deploy_regional_anchor(dep: Deployment, proxy_spec: Any) -> None:
    """A proxy on an anchor node between host-based mobile nodes and their home (an HMIPv6
    MAP, RFC 5380): the /64 at the start of its network's regional prefixes (one per anchor
    point of the network) is routed to its node, a location management function there binds
    the regional care-of addresses formed in it to the on-link ones (local Binding Updates from
    the mobile nodes), and the node's mobility routing function tunnels down by those bindings.
    The mobile nodes learn which anchor point serves each access router of its network."""
    ns = load()
    dmm = ns.dmm
    sc, cfg, pl = dep.scenario, dep.config, dep.scenario.placement
    name = proxy_spec.node
    network = pl.node(name).network
    index = sum(1 for n in dep.regional_prefixes if pl.node(n).network == network)
    block = list(ipaddress.IPv6Network(pl.network(network).prefix).subnets(new_prefix=52))
    regional_prefix = list(block[REGIONAL_INDEX].subnets(new_prefix=64))[index]
    regional = ns.CreateObject[dmm.LocationManagement]()
    cfg.set_on(regional, LOCATION_MANAGEMENT, ns)
    regional.SetAttribute("ProxyRegistrationEnabled", ns.BooleanValue(False))
    regional.AddServedPrefix(ns.Ipv6Address(str(regional_prefix.network_address)),
                             regional_prefix.prefixlen)
    regional.SetAttribute("Function", ns.StringValue(ANCHOR_POINT_PROXY))
    node = sc.node(name)
    regional.Install(node)
    mr = dep.mobility_routing.get(name) or dmm.DmmStackHelper.InstallMobilityRouting(node)
    mr.FollowLocationManagement(regional)
    mr.AddAnchoredPrefix(ns.Ipv6Address(str(regional_prefix.network_address)),
                         regional_prefix.prefixlen)
    gateway = pl.gateway_of(network)
    if gateway is not None and gateway.name != name:
        sc.route(gateway.name, str(regional_prefix), name)
    dep.regional[name] = regional
    dep.regional_prefixes[name] = regional_prefix
    dep.mobility_routing[name] = mr


def _deploy_proxy(dep: Deployment, proxy_spec: Any) -> None:
    ns = load()
    dmm = ns.dmm
    sc = dep.scenario
    ar = proxy_spec.node
    node = sc.node(ar)
    dmm.DmmStackHelper.InstallMobilityRouting(node)
    proxy, parents = _new_proxy(dep, proxy_spec)
    proxy.SetAttribute("AccessInterface", ns.UintegerValue(sc.interface(ar, WIFI)))
    node.AggregateObject(proxy)
    proxy.Start()
    dep.proxies[ar] = proxy
    dep.registers_with[ar] = parents


def _new_proxy(dep: Deployment, proxy_spec: Any) -> tuple[Any, list[str]]:
    """A Proxy with the function parameters and its parents; the nodes it may register
    with."""
    ns = load()
    cfg = dep.config
    proxy = ns.CreateObject[ns.dmm.Proxy]()
    parents = _set_parents(dep, proxy, _parent_node(dep, proxy_spec))
    cfg.set_on(proxy, PROXY, ns)
    return proxy, parents


def _deploy_anchor_point(dep: Deployment, proxy_spec: Any) -> None:
    """A proxy triggered from below (the MR of a visited network as a mobility anchor point,
    HMIPv6 network-based): a location management function on its node takes the registrations
    of the proxies below, the node's mobility routing function tunnels down to them by it, and
    the proxy registers the mobile nodes it meets with its parent, naming this node as their
    locator (a mobility router: the parent's entry is the hierarchical mapping)."""
    ns = load()
    dmm = ns.dmm
    sc, cfg, pl = dep.scenario, dep.config, dep.scenario.placement
    name = proxy_spec.node
    node = sc.node(name)
    regional = ns.CreateObject[dmm.LocationManagement]()
    cfg.set_on(regional, LOCATION_MANAGEMENT, ns)
    regional.SetAttribute("HostRegistrationEnabled", ns.BooleanValue(False))
    regional.AddServedPrefix(ns.Ipv6Address("::"), 0)  # any home network prefix
    # Its messages are the anchor point's proxy's (the regional bindings are part of it).
    regional.SetAttribute("Function", ns.StringValue(ANCHOR_POINT_PROXY))
    # Beside any location management of the node's own (each takes the messages it claims).
    regional.Install(node)
    mr = dmm.DmmStackHelper.InstallMobilityRouting(node)
    mr.FollowLocationManagement(regional)
    proxy, parents = _new_proxy(dep, proxy_spec)
    proxy.SetAttribute("Function", ns.StringValue(ANCHOR_POINT_PROXY))
    node.AggregateObject(proxy)
    proxy.ServeBelow(regional)
    proxy.Start()
    for lm_spec in pl.location_managers:
        if lm_spec.node in parents:
            dep.location_management[lm_spec.name].AddMobilityRouter(
                ns.Ipv6Address(_node_address(dep, name)))
    dep.regional[name] = regional
    dep.mobility_routing[name] = mr
    dep.anchor_points[name] = proxy
    dep.registers_with[name] = parents


def _parent_network(pl: Any, proxy_spec: Any) -> str:
    """The network whose location management function a proxy registers mobile nodes with:
    its parent's, or else (parent None: the LM responsible for the home address being
    registered) the home network of the placement's mobile nodes."""
    if proxy_spec.parent is not None and pl.has_lm(proxy_spec.parent):
        return next(iter(pl.lm(proxy_spec.parent).serves))
    homes = {h.network for h in pl.home_addresses}
    if len(homes) != 1:
        raise DeploymentError(f"{pl.name}: proxy {proxy_spec.name} would serve mobile nodes of "
                              f"several home networks ({', '.join(sorted(homes))}); choosing the "
                              "LMA per mobile node is not simulated yet")
    return homes.pop()


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
    if pl.route_optimisation is not None:
        raise DeploymentError(f"{pl.name}: route optimisation ({pl.route_optimisation.label}) "
                              "is not simulated yet")
    advertised: dict[str, set[str]] = {}
    for group in pl.anycast_groups:
        for member in group.members:
            node = pl.mr(member).node
            advertised.setdefault(member, set()).update(group.networks)
            if not any(set(group.networks) <= set(lm.serves)
                       for lm in pl.location_managers if lm.node == node):
                raise DeploymentError(f"{pl.name}: anycast member {member} on {node} without a "
                                      "co-located location management function keeping the "
                                      f"bindings of {', '.join(group.networks)} is not "
                                      "simulated")
    for lm in pl.location_managers:
        anchors = [mr for mr in pl.mrs_on(lm.node)
                   if set(lm.serves) <= set(mr.anchors) | advertised.get(mr.name, set())]
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
        if pl.mode is Mode.HOST_BASED and any(lm.node == proxy.node
                                              for lm in pl.location_managers):
            raise DeploymentError(f"{pl.name}: proxy {proxy.name} on {proxy.node}, a home "
                                  "anchor, for host-based mobile nodes of other networks (the "
                                  "visited network's anchor as proxy, figure 7) is not "
                                  "simulated yet")
        if not pl.mrs_on(proxy.node):
            raise DeploymentError(f"{pl.name}: proxy {proxy.name} on {proxy.node} without a "
                                  "mobility routing function there to tunnel down to the "
                                  "proxies below is not simulated")
