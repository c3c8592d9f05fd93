"""Fixed random streams (ns3dmm.scenario.build.stream_blocks): every block of random
variables (WiFi devices, mobility models, Radvd, Internet stacks, signalling loss, on-off
sessions) takes streams of its own at any scale. Scenarios whose blocks fit keep the first
streams they always had (so their seeded results stay as they were); a block too large for
its room moves to a range of its own rather than run into the next block, where two random
variables would draw the same numbers."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.scenario import MobilityConfig, ScenarioConfig, build_scenario
from ns3dmm.scenario.build import STREAM_BLOCKS, STREAM_FAR, STREAM_FAR_SPAN, stream_blocks


def _disjoint(blocks: dict[str, tuple[int, int]]) -> bool:
    ranges = sorted((first, first + size) for first, size in blocks.values())
    return all(a_end <= b_first for (_, a_end), (b_first, _) in itertools.pairwise(ranges))


def test_small_scenarios_keep_their_first_streams() -> None:
    blocks = stream_blocks(access_points=4, stations=2, nodes=11)
    assert {name: first for name, (first, _) in blocks.items()} == STREAM_BLOCKS
    assert blocks["wifi"] == (1000, 1000)  # its room: the devices count what they take
    assert blocks["mobility"] == (2000, 20)
    assert _disjoint(blocks)


@pytest.mark.parametrize("access_points,stations,nodes,moved", [
    (4, 100, 111, set()),  # 100 mobility models fill their 1000 streams exactly
    (4, 101, 112, {"mobility"}),  # the 101st would take Radvd's first stream
    (4, 400, 411, {"mobility", "internet"}),  # 4000 mobility, 1233 Internet streams
    (300, 0, 320, set()),  # 300 Radvd and 960 Internet streams fit
    (1200, 2000, 3300, {"mobility", "radvd", "internet"}),
])
def test_a_block_that_does_not_fit_moves_to_a_range_of_its_own(
        access_points: int, stations: int, nodes: int, moved: set[str]) -> None:
    blocks = stream_blocks(access_points=access_points, stations=stations, nodes=nodes)
    assert {n for n, (first, _) in blocks.items() if first != STREAM_BLOCKS[n]} == moved
    order = list(STREAM_BLOCKS)
    for name in moved:
        assert blocks[name][0] == STREAM_FAR + order.index(name) * STREAM_FAR_SPAN
    assert _disjoint(blocks)


def test_every_size_up_to_thousands_of_nodes_gets_disjoint_blocks() -> None:
    for aps, stations in itertools.product((1, 10, 100, 249, 250, 251, 1000, 5000),
                                           (0, 1, 99, 100, 101, 330, 1000, 20_000)):
        blocks = stream_blocks(access_points=aps, stations=stations, nodes=aps + stations + 20)
        # the WiFi devices, if they take more than their room, from STREAM_FAR on
        far = {**blocks, "wifi": (STREAM_FAR, 7 * aps + 6 * stations)}
        assert _disjoint(blocks) and _disjoint(far), (aps, stations, blocks)


def test_the_mobility_models_of_many_stations_draw_from_their_own_streams(
        ns: Any, simulator: Any) -> None:
    """150 WiFi stations with random-waypoint mobility: ns-3 takes the WiFi and Internet
    streams within their blocks (build checks what AssignStreams reports), and the 150th
    station's speed variable is on the moved mobility block, not on Radvd's, the Internet
    stacks' or signalling's streams, where 2000 + 10 x 149 would have put it."""
    placement = presets.pmipv6(networks=2, ars_per_network=2, mobile_nodes=150)
    sc = build_scenario(placement, ScenarioConfig(
        flow_monitor=False, mobility=MobilityConfig(model="random-waypoint")))
    try:
        assert sc.streams["mobility"] == (STREAM_FAR + STREAM_FAR_SPAN, 1500)
        assert sc.streams["wifi"] == (1000, 4 * 4 + 3 * 150)  # 802.11a: 4 per AP, 3 per STA
        assert _disjoint(sc.streams)
        last = placement.mobile_nodes[-1].name
        model = sc.node(last).GetObject[ns.MobilityModel]()
        speed = ns.PointerValue()
        model.GetAttribute("Speed", speed)
        stream = int(speed.Get[ns.RandomVariableStream]().GetStream())
        first, size = sc.streams["mobility"]
        assert first + 10 * 149 <= stream < first + size
    finally:
        sc.destroy()


@pytest.mark.parametrize("stations,moved", [(2, False), (170, True)])
def test_qos_wifi_devices_take_more_streams_and_move_when_they_do_not_fit(
        ns: Any, simulator: Any, stations: int, moved: bool) -> None:
    """802.11n devices are QoS stations (four access categories): 7 streams per access point,
    6 per station, counted as ns-3 assigns them; 170 stations' 1048 no longer fit below the
    mobility block and start at STREAM_FAR."""
    from ns3dmm.scenario.config import WifiConfig

    placement = presets.pmipv6(networks=2, ars_per_network=2, mobile_nodes=stations)
    sc = build_scenario(placement, ScenarioConfig(
        flow_monitor=False, wifi=WifiConfig(standard="80211n")))
    try:
        assert sc.streams["wifi"] == (STREAM_FAR if moved else 1000, 7 * 4 + 6 * stations)
        assert _disjoint(sc.streams)
    finally:
        sc.destroy()
