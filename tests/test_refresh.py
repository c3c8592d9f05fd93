"""Refreshes at every level of a registration chain, with bindings of 8 s over 60 s: MIPv6
(the mobile node's agent to its home agent), PMIPv6 (access routers' proxies to the LMA) and
HMIPv6 network-based (to the anchor point, and the anchor point to LM1). Each run is a forked
child (ns3dmm.campaign.run_forked), so a run that aborts is reported, not fatal to the test
process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ns3dmm.campaign import run_forked


@pytest.mark.parametrize("placement", ["mipv6", "pmipv6", "hmipv6-host", "hmipv6-network"])
def test_short_lifetimes_are_refreshed_at_every_level(ns: Any, tmp_path: Any,
                                                      placement: str) -> None:
    """Bindings of 8 s, refreshed at 0.8 of their lifetime (6.4 s) by the mobile node's agent,
    the access routers' proxies and the anchor points, over 60 s: delivery goes on, each
    registration is refreshed at the same pace at its last attachment, and a proxy advertises
    the prefix again at each refresh, so the mobile node's address in it (valid for twice the
    lifetime) never expires. Run in a forked child: before that re-advertisement, ns-3 aborted
    the run at 39.4 s when the address had gone (NS_ASSERT in source address selection)."""
    params = {"placement": placement, "networks": 3,
              "MobileNodeAgent.BindingLifetime": "8s", "Proxy.BindingLifetime": "8s",
              "stop_s": 60.0, "flow_monitor": False, "mobility_start_s": 2.0, "RngRun": 1}
    (result,) = list(run_forked([params], tmp_path, 1))
    folder = Path(tmp_path) / result["meta"]["id"]
    assert result["meta"]["exitcode"] == 0, (folder / "stderr").read_text()[-2000:]
    r = json.loads((folder / "results.json").read_text())["simulations"][0]["results"]
    stream = next(iter(r["streams"].values()))
    # Host-based loses about 1.3 s per handover (duplicate address detection), the others
    # 0.3 s.
    host = placement in ("mipv6", "hmipv6-host")
    assert stream["unique"] >= (0.85 if host else 0.9) * stream["sent"]
    assert r["apps"][next(iter(r["streams"]))]["last_rx_s"] > 59.9
    # The station stays at AR32 from about 39.4 s: its agent (MIPv6) or proxy refreshes every
    # 6.4 s, and in HMIPv6 so does the anchor point upward.
    if placement == "hmipv6-host":
        # Both of the agent's registrations: the local one with MAP3 and the home one, which
        # goes on through the handover within MAP3's domain at 39.4 s (whose new care-of
        # address waits for duplicate address detection).
        to = r["registrations"]["MN11"]["to_s"]
        for times in (to["MAP3"], to["HA1"]):
            late = [t for t in times if t > 39.0][-3:]
            assert len(late) == 3 and all(b - a == pytest.approx(6.4, abs=0.1)
                                          for a, b in zip(late, late[1:]))
        assert to["HA1"][-1] > 59.0 - 6.4
        return
    last = r["registrations"]["MN11" if placement == "mipv6" else "AR32"]["times_s"]
    last = [t for t in last if t > 39.0][-3:]  # (a registration may be sent twice first)
    assert len(last) == 3 and all(b - a == pytest.approx(6.4, abs=0.1)
                                  for a, b in zip(last, last[1:]))
    if placement == "hmipv6-network":
        map3 = r["registrations"]["MAP3"]["times_s"]
        assert len(map3) >= 4
        assert map3[-1] - map3[-2] == pytest.approx(6.4, abs=0.1)
