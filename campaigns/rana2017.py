"""MIPv6 handover after Rana et al. (Simulation Modelling Practice and Theory 72, 2017), like for
like as far as the published description allows.

Their set-up, as their ns-3 MIPv6 module and its documentation give it: a mobile node leaves its
home link for a foreign network; access points 100 m apart; 5 m/s; ns-3's default of 10 missed
beacons with passive scanning; duplicate address detection at the mobile node (care-of address)
and at the home agent (home address, before the first acknowledgement: their T_hr includes its
1 s); UDP packets of 1024 octets every 50 ms; router advertisements every 1-3 s, 0.05-1.5 s or
0.03-0.07 s. Here the home agent is the first access router (AR11, whose link is the home
link) and the foreign network's access router is AR21.

Their handover delay is T_HO = T_md + T_hr + T_rr + T_cr, with T_md = T_L2 + T_subnet
detection + T_DAD. Measured here per handover: T_md from the detected link loss
(de-association) to the new care-of address in use, T_hr from the Binding Update to the
Binding Acknowledgement. T_rr and T_cr (return routability, correspondent registration) are
not modelled: ns3-dmm has no route optimisation yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import distribution_plot, means_plot

from ns3dmm.campaign import summary_json

NAME = "rana2017"
DESCRIPTION = __doc__
#: (MaxRtrAdvInterval, MinRtrAdvInterval) in ms: their three settings
INTERVALS_MS = {3000: 1000, 1500: 50, 70: 30}
PARAMS: dict[str, Any] = {
    "placement": "mipv6",
    "home_link": True,
    "networks": 2,
    "ars_per_network": 1,
    "mobility_path": "AR11,AR21",
    "mobility_speed_mps": 5.0,
    "mobility_start_s": 2.0,
    "wifi_ap_spacing_m": 100.0,
    "wifi_max_missed_beacons": 10,
    "wifi_active_probing": False,
    "dad": True,
    "traffic_rate": "163840bps",
    "traffic_size": 1024,
    "ra_max_interval_ms": list(INTERVALS_MS),
    "ra_min_interval_ms": lambda p: INTERVALS_MS[p["ra_max_interval_ms"]],
    "stop_s": 24.0,
}
RUNS = 10
METRICS = ["t_md_s", "t_hr_s", "t_ho_s", "latency_s", "interruption_s",
           "model_t_md_s", "model_t_hr_s", "model_t_ho_s"]
#: Their figures (seconds) per MaxRtrAdvInterval.
RANA_T_MD_S = {3000: 2.600, 1500: 2.083, 70: 1.539}
RANA_T_HR_S = {3000: 1.022, 1500: 1.022, 70: 1.022}
RANA_T_HO_S = {3000: 3.635, 1500: 3.118, 70: 2.574}
REFERENCE = """Rana et al. (2017) report T_md 2.600 / 2.083 / 1.539 s, T_hr 1.022 s and T_HO
3.635 / 3.118 / 2.574 s for router advertisement intervals 1-3 s, 0.05-1.5 s and 0.03-0.07 s
(T_rr + T_cr is the remaining 0.013 s). `summary.csv` has ours (`t_md_s`, `t_hr_s`,
`t_ho_s` = T_md + T_hr); T_rr and T_cr are not modelled (no return routability yet). The
differences and what each is worth are in ns3-dmm/doc/dmm.rst (Validation)."""


def parse(result: dict[str, Any]) -> list[Any]:
    moves = summary_json(result)["per_handover"]
    if not moves:
        return [None] * len(METRICS)
    # The move into the foreign network. At the edge of both cells the station can associate
    # with the new access point twice; the second association is the one that registers, and
    # the model's handover (matched by its access routers to the first) predicts that
    # registration.
    h = next((m for m in reversed(moves) if m["movement_detection_s"] is not None), moves[-1])
    model = next((m for m in moves if m["model_movement_detection_s"] is not None), moves[0])
    t_md, t_hr = h["movement_detection_s"], h["home_registration_s"]
    model_md, model_hr = model["model_movement_detection_s"], model["model_home_registration_s"]
    return [t_md, t_hr, _sum(t_md, t_hr), h["latency_s"], h["interruption_s"],
            model_md, model_hr, _sum(model_md, model_hr)]


def _sum(a: float | None, b: float | None) -> float | None:
    return a + b if a is not None and b is not None else None


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    order = list(INTERVALS_MS)
    labels = [f"{INTERVALS_MS[m] / 1000:g}-{m / 1000:g} s" for m in order]
    common = {"xlabel": "router advertisement interval (MinRtrAdvInterval-MaxRtrAdvInterval)",
              "xticks": order, "xticklabels": labels}
    paths = means_plot(frame, "ra_max_interval_ms", "t_ho_s", out_dir / "t_ho",
                       ylabel="T_HO = T_md + T_hr (s)",
                       title="MIPv6 handover delay (Rana et al.'s definition)",
                       reference=RANA_T_HO_S, reference_label="Rana et al. 2017",
                       model="model_t_ho_s", **common)
    paths += means_plot(frame, "ra_max_interval_ms", "t_md_s", out_dir / "t_md",
                        ylabel="T_md (s)", title="Movement detection",
                        reference=RANA_T_MD_S, reference_label="Rana et al. 2017",
                        model="model_t_md_s", **common)
    paths += means_plot(frame, "ra_max_interval_ms", "t_hr_s", out_dir / "t_hr",
                        ylabel="T_hr (s)", title="Home registration",
                        reference=RANA_T_HR_S, reference_label="Rana et al. 2017",
                        model="model_t_hr_s", **common)
    if len(moves):
        paths += distribution_plot(moves, "ra_max_interval_ms", "interruption_s",
                                   out_dir / "interruption_per_handover",
                                   ylabel="interruption (s)",
                                   title="Delivery gap per handover", **common)
    return paths
