"""Dynamic mobility (draft section 6): the lease of a session address bounds its binding,
over a WiFi handover with a fixed seed. A session runs on AR11's address from 1.5 s to 12 s,
the station on AR21 from about 7 s, with a 15 s lease and no deregistration when the session
ends: a lease that may not be renewed removes the binding when it runs out; a renewed one
ends with its binding, which no refresh renews after the session ended. Either way the
address is free again."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.framework import presets
from ns3dmm.simulate import leases
from test_dynamic import _entries, _scenario


@pytest.fixture(scope="module", params=[False, True], ids=["no-renewal", "renewal"])
def lease(request: Any, ns: Any) -> dict[str, Any]:
    placement = presets.build_preset("dynamic", networks=2, ars_per_network=1)
    functions = Functions({"ns3::dmm::HomeAddressAllocation": {
        "LeaseLifetime": "15s", "Renewal": request.param},
        "ns3::dmm::MobileNodeAgent": {"DeregisterEndedSessions": False}})
    sc, dep = _scenario(placement, functions, path=("AR11", "AR21"))
    mn = "MN11"
    sc.add_udp_cbr("CN21", mn, lambda: dep.session_address(mn), rate="200kbps", size=500,
                   start_s=1.5, stop_s=12.0, name="stream")
    callbacks.schedule(12.0, lambda: dep.end_session(mn, sc.apps["stream"].destination))
    seen: dict[float, Any] = {}
    for t in (11.0, 14.0, 18.0, 23.0):
        callbacks.schedule(t, lambda t=t: seen.__setitem__(
            t, (_entries(dep.location_management["LM1"]), leases(dep)["Network1"])))
    sc.run(24.0)
    yield {"renewal": request.param, "seen": seen, "address": sc.apps["stream"].destination,
           "rx": sc.results()["apps"]["stream"]}
    sc.destroy()


def test_a_lease_bounds_the_binding_of_its_address(lease: dict[str, Any]) -> None:
    """The allocation leases the home address too (at deployment, 0 s). Without renewal the
    home address's lease ends at 15 s and the session address's (given at 1.5 s) at 16.5 s:
    LM1 removes both bindings then (counted). With renewal every registration that would
    outlive its lease renews it and is granted no longer: the session address's registration
    from AR21 renewed it to about 22.5 s, and no refresh followed once the session ended, so
    binding and lease end then; the home address's refreshes keep renewing its lease (3
    renewals: its registrations on AR11 and AR21 and a refresh). The stream was delivered while
    its address lasted."""
    seen, address = lease["seen"], lease["address"]
    for t in (11.0, 14.0):
        assert address in seen[t][0], t
        assert seen[t][1]["held_end"] == 2
    assert (address in seen[18.0][0]) == lease["renewal"]
    assert address not in seen[23.0][0]
    final = seen[23.0][1]
    if lease["renewal"]:
        assert len(seen[23.0][0]) == 1  # the home address
        assert final["held_end"] == 1 and final["expired"] == 1 and final["renewed"] == 4
    else:
        assert seen[18.0][0] == {}
        assert seen[18.0][1]["bindings_removed"] == 2
        assert final["held_end"] == 0 and final["expired"] == 2 and final["renewed"] == 0
    assert lease["rx"]["rx_packets"] >= 0.9 * lease["rx"]["tx_packets"]
