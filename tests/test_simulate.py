"""One call from a simulation file to results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ns3dmm.simulate import SimulationFileError, Traffic, simulate_file

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "simulations" / "pmipv6-handover.toml"


def test_simulation_file_runs_and_measures(ns: Any) -> None:
    results = simulate_file(EXAMPLE)
    assert results.placement == "pmipv6" and (results.seed, results.run) == (1, 1)
    (stream,) = results.streams.values()
    assert stream["sent"] == 2650 and stream["unique"] >= 0.95 * 2650
    assert stream["duplicated"] == 0 and 0 < stream["mean_delay_s"] < 0.1
    assert [h["access_router"] for h in results.handovers["MN11"]] == ["AR12", "AR21", "AR22"]
    assert len(results.bindings) == 1 and results.bindings[0]["prefix"].endswith("/64")
    lma = results.signalling["LMA1"]
    assert lma["messages"] >= 4
    # The LMA answers each MAG's registrations and tells the previous MAGs the station left.
    assert set(lma["to"]) == {"AR11", "AR12", "AR21", "AR22"}
    assert sum(p["messages"] for p in lma["to"].values()) == lma["messages"]
    # One Proxy Binding Update: 12 + MN-ID 31 (NAI "<mac>@dmm.example") + Pad1 + HNP 20 + HI 4
    # + ATT 4 + PadN 2 + MN LL-ID 10 + PadN 6 + Timestamp 10 + PadN 4 = 104 octets.
    assert results.signalling["AR22"]["to"] == {"LMA1": {"messages": 1, "octets": 104}}
    assert '"placement": "pmipv6"' in results.to_json()
    # Per handover, the sequence numbers missing in its gap; the rest of the stream's loss is
    # the packets still in flight when the run stops (25 ms of one-way delay: a few packets).
    moves = results.handovers["MN11"]
    assert all(h["lost"] > 0 and h["duplicated"] == 0 for h in moves)
    assert stream["lost"] - 5 <= sum(h["lost"] for h in moves) <= stream["lost"]
    # Every tunnelled packet carries one 40-octet outer header; the LMA tunnels the stream to
    # the MAGs, which decapsulate all of it but what the WiFi handovers lose on the way.
    tunnels = results.tunnels
    lma = tunnels["LMA1"]
    assert lma["overhead_octets"] == 40 * lma["encapsulated"] and lma["encapsulated"] > 1500
    at_mags = sum(t["decapsulated"] for n, t in tunnels.items() if n.startswith("AR"))
    assert 0.95 * lma["encapsulated"] <= at_mags <= lma["encapsulated"]


@pytest.mark.parametrize(("text", "message"), [
    ("[simulation]\n", "needs placement"),
    ('[simulation]\nplacement = "mipv6"\n[bogus]\n', "unknown tables"),
    ('[simulation]\nplacement = "mipv6"\n[functions]\nfoo = 1\n', "attributes per TypeId"),
    ('[simulation]\nplacement = "mipv6"\n[functions."ns3::dmm::Proxy"]\nDomian = "x"\n',
     "no such attribute; did you mean Domain"),
    ('[simulation]\nplacement = "mipv6"\n[[traffic]]\nkind = "udp-cbr"\nsource = "CN21"\n'
     'receiver = "MN11"\nspeed = 3\n', "unknown keys"),
])
def test_simulation_file_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sim.toml"
    path.write_text(text)
    with pytest.raises(SimulationFileError, match=message):
        simulate_file(path)


def test_traffic_validation() -> None:
    with pytest.raises(SimulationFileError, match="kind"):
        Traffic(kind="icmp", source="a", receiver="b")
    with pytest.raises(SimulationFileError, match="required"):
        Traffic(source="a")
