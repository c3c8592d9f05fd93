"""The signalling of the handover scenario (tests/test_handover.py) as Wireshark reads it."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.deploy import deploy

from test_handover import STOP_S, scenario  # noqa: I001  (sibling test module)


@pytest.mark.parametrize("mode", ["mipv6", "pmipv6"])
def test_signalling_decodes_in_wireshark(ns: Any, simulator: Any, tshark: Any, mode: str,
                                         tmp_path: Any) -> None:
    """The anchor's capture of a signalling-only run: every Binding Update and Acknowledgement
    (PBU/PBA in PMIPv6) decodes with no expert warning, with the values of the mode."""
    sc = scenario(mode, pcap=True, pcap_dir=str(tmp_path))
    anchor = next(iter(deploy(sc).anchors.values()))
    sc.run(STOP_S)
    sc.destroy()  # closes the captures
    files = sorted(tmp_path.glob(f"{anchor}-*.pcap"))
    assert files
    rows = []
    for f in files:
        expert = tshark(f, "-Y", "_ws.malformed || _ws.expert.severity >= 6291456")
        assert expert == "", expert
        text = tshark(f, "-Y", "mipv6", "-T", "fields", "-E", "separator=|",
                      "-e", "mip6.mhtype", "-e", "mip6.bu.p_flag", "-e", "mip6.bu.h_flag",
                      "-e", "mip6.ba.status", "-e", "mip6.nemo.mnp.pfl", "-e", "mip6.hi")
        rows += [line.split("|") for line in text.splitlines()]
    bus = [r for r in rows if r[0] == "5"]
    bas = [r for r in rows if r[0] == "6"]
    assert len(bus) >= 4 and len(bas) == len(bus)  # a registration per access router
    assert all(r[3] == "0" for r in bas)  # all accepted
    if mode == "mipv6":
        assert all(r[1] == "0" and r[2] == "1" and r[4] == "128" for r in bus)
    else:
        assert all(r[1] == "1" and r[5] != "" for r in bus)
