#!/usr/bin/env python3
"""Forged and replayed signalling against MIPv6 and PMIPv6 registrations, with security off
and on. On: for MIPv6, RFC 4285 authentication (``LocationManagement.RequireAuthentication``:
one MN-HA security association per mobile node and home agent, provisioned by deploy from the
seed; no one else has one) with ``ReplayProtection`` (RFC 4285 section 6 timestamps, 7 s
window); for PMIPv6, ``Proxy.CheckNotifySource``.

Attacks, each from CN21 (a correspondent, not the mobile node), against MN11 registered with
LM1 (its home agent, or its LMA):

* ``hijack``: MN11 on AR21, away from home; at 4 s a Binding Update for its home address with
  a higher sequence number and CN21's address as care-of address. CN21 streams 100 packets/s
  to the home address from 2 s to 10 s.
* ``deletion``: the same with lifetime 0.
* ``proxy``: the same as a Proxy Binding Update (P flag, MN11's identifier, Handoff Indicator,
  Access Technology Type, a fresh Timestamp) naming CN21 as the mobile access gateway.
* ``ba``: MN11 on AR21, registering for 4 s at a time (``MobileNodeAgent.BindingLifetime``,
  in both settings); an eavesdropper on its link answers each Binding Update MN11 sends its
  home agent at once with a Binding Acknowledgement for that sequence number, status 129
  (administratively prohibited), from the home agent's address (sent by CN21, which shares
  the link). Off: the mobile node takes the forgery, which arrives first, gives the
  registration up and never refreshes it: the home agent's binding runs out 4 s after it
  was made; on: the forgery carries no valid authenticator and is dropped (counted by the
  mobile node), and the home agent's answer is taken.
* ``replay``: the home agent on AR11, whose link is the home link; MN11 starts on AR21, comes
  home at about 8 s and deregisters; at 12 s MN11's first Binding Update again (its sequence
  number, care-of address and, with authentication, its authenticator). CN21 streams from
  13 s to 19 s.
* ``pbu``: PMIPv6, MN11 on AR21, its mobile access gateway; at 4 s a Proxy Binding Update
  from CN21 for MN11's identifier and home network prefix (Handoff Indicator, Access
  Technology Type, a fresh Timestamp) to the LMA. On (``RequireAuthentication``): each proxy
  signs its registrations under an association with the LMA, and the forged one is refused
  (154).
* ``notify``: PMIPv6, MN11 on AR21, its mobile access gateway; at 4 s a Location Notify for
  MN11's identifier to AR21 (what its LMA sends when the mobile node moved to another
  gateway). Off: the gateway forgets MN11 (its routes and tunnel to it) while the LMA still
  points at it; on (``Proxy.CheckNotifySource``): a notify from no LMA the gateway registers
  with is dropped.
* ``restart``: the same replay right after the home agent restarted (``Restart``: its bindings
  and its associations' memory of sequence numbers are lost; keys are configuration). Only
  the replay protection timestamp, 11 s old, tells the replay from a new registration.

Measured per attack and setting: the stream's packets sent and delivered to MN11, the home
agent's Binding Updates refused for failing authentication (status 146, or 154 for a proxy
registration), as stale replays (status 135) and for a stale timestamp (status 144), and where
the binding points after the attack. Writes ``results.json`` (every run with its
configuration and the versions that made it) and ``attacks.png`` (the share of the stream
delivered, per attack, off and on).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ns3dmm import callbacks, load, results
from ns3dmm.attributes import Functions
from ns3dmm.framework import presets

ATTACKS = ("hijack", "deletion", "proxy", "ba", "pbu", "notify", "replay", "restart")
ATTACK_S = 4.0
REPLAY_S = 12.0


def _binding_update(ns: Any, sequence: int, lifetime_s: int, hoa: str,
                    coa: str | None = None) -> Any:
    bu = ns.dmm.BindingUpdateHeader()
    bu.SetSequence(sequence)
    bu.SetFlag(bu.FLAG_A, True)
    bu.SetFlag(bu.FLAG_H, True)
    bu.SetLifetime(ns.Seconds(lifetime_s))
    bu.AddOption(ns.dmm.HomeNetworkPrefixOption(ns.Ipv6Address(hoa), 128))
    if coa is not None:
        bu.AddOption(ns.dmm.AlternateCareOfAddressOption(ns.Ipv6Address(coa)))
    return bu


def configuration(attack: str, secure: bool, seed: int, run: int,
                  timestamps: bool = True) -> dict[str, Any]:
    """What a run is made of: the attack, the placement, the scenario, the functions, the
    stream and when the attack comes. ``timestamps``: with ``secure``, RFC 4285 replay
    protection too."""
    if attack not in ATTACKS:
        raise ValueError(f"attack: one of {', '.join(ATTACKS)}, got {attack!r}")
    replay = attack in ("replay", "restart")
    if attack in ("notify", "pbu"):
        placement, params = "pmipv6", {"networks": 2, "ars_per_network": 1}
        functions: dict[str, Any] = (
            {"ns3::dmm::Proxy": {"CheckNotifySource": secure}} if attack == "notify"
            else {"ns3::dmm::LocationManagement": {"RequireAuthentication": secure}})
    else:
        placement, params = "mipv6", {"networks": 2, "ars_per_network": 1, "home_link": replay}
        functions = {"ns3::dmm::LocationManagement": {
            "RequireAuthentication": secure, "ReplayProtection": secure and timestamps}}
        if attack == "ba":
            # registrations short enough for the stream to outlive one the mobile node gave up
            functions["ns3::dmm::MobileNodeAgent"] = {"BindingLifetime": "4s"}
    return {
        "attack": attack, "seed": seed, "run": run, "secure": secure,
        "placement": placement, "placement_params": params,
        "mobility": {"model": "path", "path": ["AR21", "AR11"] if replay else ["AR21"],
                     "speed_mps": 20.0 if replay else 1.0,
                     "start_s": 4.0 if replay else 100.0},
        "functions": functions,
        "stream": {"source": "CN21", "rate": "400kbps", "size": 500,
                   "start_s": 13.0 if replay else 2.0, "stop_s": 19.0 if replay else 10.0},
        "attack_s": REPLAY_S if replay else 0.0 if attack == "ba" else ATTACK_S,
        "stop_s": 20.0 if replay else 10.5,
    }


def run_attack(attack: str, secure: bool, seed: int = 3, run: int = 1,
               timestamps: bool = True) -> dict[str, Any]:
    """One attack in one setting: its configuration and what it did."""
    from ns3dmm.deploy import FIRST_SPI, deploy, security_key  # noqa: PLC0415
    from ns3dmm.scenario import ScenarioConfig, build_scenario  # noqa: PLC0415
    from ns3dmm.scenario.config import MobilityConfig  # noqa: PLC0415

    cfg = configuration(attack, secure, seed, run, timestamps)
    ns = load()
    dmm = ns.dmm
    placement = getattr(presets, cfg["placement"])(**cfg["placement_params"])
    m = cfg["mobility"]
    sc = build_scenario(placement, ScenarioConfig(seed=seed, run=run, dad=False,
                                                  mobility=MobilityConfig(
                                                      model=m["model"], path=tuple(m["path"]),
                                                      speed_mps=m["speed_mps"],
                                                      start_s=m["start_s"])))
    try:
        dep = deploy(sc, Functions(cfg["functions"]))
        hoa = dep.mn_address("MN11")
        ha = dep.function_address(placement.lm("LM1").node)
        gateway = dep.function_address("AR21")
        attacker = sc.address("CN21", placement.node("CN21").attached_to)
        s = cfg["stream"]
        sc.add_udp_cbr("CN21", "MN11", hoa, rate=s["rate"], size=s["size"],
                       start_s=s["start_s"], stop_s=s["stop_s"], name="stream")
        lm = dep.location_management["LM1"]
        l4 = sc.node("CN21").GetObject[dmm.MobilityL4Protocol]()
        first: dict[str, Any] = {}
        after: dict[str, Any] = {}

        def note_first() -> None:
            if attack in ("notify", "pbu"):
                return
            updates = [e for e in dep.function_events("MN11") if e["event"] == "update"]
            first["sequence"] = int(updates[0]["detail"].split()[0])
            first["coa"] = str(dep.agents["MN11"].GetCareOfAddress())
            first["s"] = updates[0]["time_s"]

        def strike() -> None:
            if attack == "notify":
                notify = dmm.LocationManagementHeader(dmm.LocationManagementHeader.LOCATION_NOTIFY)
                notify.SetSequence(1)
                notify.AddOption(dmm.MobileNodeIdentifierOption(
                    dep.mobile_node_identifier("MN11")))
                l4.Send(notify, ns.Ipv6Address(attacker), ns.Ipv6Address(gateway))
                return
            if attack == "pbu":
                prefix = dep.home_prefixes["MN11"]
                pbu = ns.dmm.BindingUpdateHeader()
                pbu.SetSequence(5000)
                for flag in (pbu.FLAG_A, pbu.FLAG_H, pbu.FLAG_P):
                    pbu.SetFlag(flag, True)
                pbu.SetLifetime(ns.Seconds(60))
                pbu.AddOption(dmm.MobileNodeIdentifierOption(dep.mobile_node_identifier("MN11")))
                pbu.AddOption(dmm.HomeNetworkPrefixOption(
                    ns.Ipv6Address(str(prefix.network_address)), prefix.prefixlen))
                pbu.AddOption(dmm.HandoffIndicatorOption(3))
                pbu.AddOption(dmm.AccessTechnologyTypeOption(4))
                pbu.AddOption(dmm.TimestampOption(ns.Simulator.Now()))
                l4.Send(pbu, ns.Ipv6Address(attacker), ns.Ipv6Address(ha))
                return
            if attack == "restart":
                lm.Restart()
            if attack in ("replay", "restart"):
                bu = _binding_update(ns, first["sequence"], 60, hoa, first["coa"])
                if cfg["functions"]["ns3::dmm::LocationManagement"]["ReplayProtection"]:
                    # the captured message carried the mobile node's time when it was sent
                    bu.AddOption(dmm.MobilityMessageReplayProtectionOption(
                        ns.Seconds(first["s"])))
                if secure:
                    dmm.MobilityAuthentication.Sign(
                        bu, 1, FIRST_SPI, security_key(seed, run, 0),
                        ns.Ipv6Address(first["coa"]), ns.Ipv6Address(hoa))
            else:
                bu = _binding_update(ns, 5000, 0 if attack == "deletion" else 60, hoa)
                if attack == "proxy":
                    bu.SetFlag(bu.FLAG_P, True)
                    identifier = ns.StringValue()
                    dep.agents["MN11"].GetAttribute("Identifier", identifier)
                    bu.AddOption(dmm.MobileNodeIdentifierOption(str(identifier.Get())))
                    bu.AddOption(dmm.HandoffIndicatorOption(1))
                    bu.AddOption(dmm.AccessTechnologyTypeOption(4))
                    bu.AddOption(dmm.TimestampOption(ns.Simulator.Now()))
            l4.Send(bu, ns.Ipv6Address(attacker), ns.Ipv6Address(ha))

        def look() -> None:
            locator = str(lm.GetLocator(ns.Ipv6Address(hoa)))
            after["binding"] = None if locator == "::" else locator
            if attack in ("notify", "pbu") and locator not in ("::", attacker):
                after["binding"] = "gateway"
            if attack == "notify":
                after["gateway_registered"] = int(dep.proxies["AR21"].GetNRegistered())

        def answer(message: Any, ip: Any, interface: int) -> None:
            # The eavesdropper's forged acknowledgement of each home registration it sees.
            if not isinstance(message, dmm.BindingUpdateHeader) or str(
                    ip.GetDestination()) != ha:
                return
            ba = dmm.BindingAckHeader()
            ba.SetStatus(129)
            ba.SetSequence(message.GetSequence())
            ba.SetLifetime(ns.Seconds(0))
            l4.Send(ba, ns.Ipv6Address(ha), ip.GetSource())

        if attack == "ba":
            callbacks.on_sent(sc.node("MN11").GetObject[dmm.MobilityL4Protocol](), answer)
        callbacks.schedule(3.0, note_first)
        if attack != "ba":
            callbacks.schedule(cfg["attack_s"], strike)
        callbacks.schedule(max(cfg["attack_s"], ATTACK_S) + 0.5, look)
        sc.run(cfg["stop_s"])
        app = sc.results()["apps"]["stream"]
        binding = after.get("binding")
        return {
            "configuration": cfg,
            "sent": app["tx_packets"], "delivered": app["rx_packets"],
            "authentication_failures": int(lm.GetAuthenticationFailures()),
            "replays_refused": int(lm.GetReplaysRefused()),
            "timestamps_refused": int(lm.GetTimestampsRefused()),
            "notifies_refused": sum(int(p.GetNotifiesRefused()) for p in dep.proxies.values()),
            "gateway_registered_after_attack": after.get("gateway_registered"),
            "gateway_authentication_failures": sum(int(p.GetAuthenticationFailures())
                                                   for p in dep.proxies.values()),
            "binding_after_attack": ("attacker" if binding == attacker
                                     else "mobile node" if binding == "gateway"
                                     else "none" if binding is None
                                     else "old care-of address"
                                     if attack in ("replay", "restart")
                                     and binding == first.get("coa")
                                     else "mobile node" if binding == str(
                                         dep.agents["MN11"].GetCareOfAddress())
                                     else binding),
            "mn_authentication_failures": (int(dep.agents["MN11"].GetAuthenticationFailures())
                                           if "MN11" in dep.agents else 0),
            "mn_binding_updates": sum(1 for e in dep.function_events("MN11")
                                      if e["event"] == "update"),
        }
    finally:
        sc.destroy()


def plot(rows: list[dict[str, Any]], path: Path) -> Path:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
    width = 0.38
    attacks = [a for a in ATTACKS if any(r["configuration"]["attack"] == a for r in rows)]
    for k, (secure, label, colour) in enumerate(((False, "security off", "tab:red"),
                                                 (True, "security on", "tab:green"))):
        shares, counts = [], set()
        for attack in attacks:
            runs = [r for r in rows if r["configuration"]["attack"] == attack
                    and r["configuration"]["secure"] is secure]
            counts.add(len(runs))
            # the share of every packet sent in the runs (a run's stream: 600 or 800)
            shares.append(100.0 * sum(r["delivered"] for r in runs)
                          / sum(r["sent"] for r in runs))
        n = "/".join(str(c) for c in sorted(counts))
        bars = ax.bar([x + (k - 0.5) * width for x in range(len(attacks))], shares, width,
                      label=f"{label} (n={n} runs per bar)", color=colour)
        ax.bar_label(bars, fmt="%.0f %%", fontsize=8)
    ax.set_xticks(range(len(attacks)), attacks)
    ax.set_ylim(0, 110)
    ax.set_ylabel("stream delivered to the mobile node (%)")
    ax.set_title("Forged signalling against MIPv6 and PMIPv6 registrations\n"
                 "(on: RFC 4285 authentication and replay protection; notify: source check)",
                 fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=8)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out/attacks"))
    parser.add_argument("--runs", type=int, default=1, help="runs (RngRun 1..n) per attack "
                        "and setting")
    parser.add_argument("--attacks", nargs="+", default=list(ATTACKS), choices=ATTACKS)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [run_attack(attack, secure, run=run) for attack in args.attacks
            for secure in (False, True) for run in range(1, args.runs + 1)]
    (args.out / "results.json").write_text(json.dumps(
        {"provenance": results.provenance(), "runs": rows}, indent=2) + "\n")
    plot(rows, args.out / "attacks.png")
    for r in rows:
        c = r["configuration"]
        on = c["secure"]
        print(f"{c['attack']:9s} security {'on ' if on else 'off'} run {c['run']}: "
              f"{r['delivered']}/{r['sent']} delivered, binding -> {r['binding_after_attack']}, "
              f"refused: {r['authentication_failures']} unauthenticated, "
              f"{r['replays_refused']} stale, {r['timestamps_refused']} stale timestamps, "
              f"{r['notifies_refused']} notifies, {r['mn_authentication_failures']} "
              "acknowledgements")
    print(f"wrote {args.out / 'results.json'} and {args.out / 'attacks.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
