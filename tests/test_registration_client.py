"""Layer-2 tests of the registration client (ns3::dmm::RegistrationClient, one binding update
list entry, RFC 6275 11.8): retransmission timeouts and back-off, refresh, acknowledgements,
deregistration, bad configuration. A C++ harness records every Binding Update the client asks
to send and every state change."""

from __future__ import annotations

from typing import Any

import cppyy
import pytest

from test_location_management import at, run

HARNESS = """
namespace dmm_test {
struct ClientLog {
    ns3::Ptr<ns3::dmm::RegistrationClient> client = ns3::Create<ns3::dmm::RegistrationClient>();
    std::vector<double> times;
    std::vector<int> sequences;
    std::vector<double> lifetimes;
    std::vector<std::string> states;
    bool Send(uint16_t seq, ns3::Time lifetime) {
        times.push_back(ns3::Simulator::Now().GetSeconds());
        sequences.push_back(seq);
        lifetimes.push_back(lifetime.GetSeconds());
        return true;
    }
    void State(ns3::dmm::RegistrationClient::State from, ns3::dmm::RegistrationClient::State to,
               const ns3::dmm::BindingAckHeader* ba) {
        states.push_back(ns3::dmm::RegistrationClient::GetStateName(to) + (ba ? "*" : ""));
    }
    void Configure(double first, double initial, double max, double fraction, bool giveUp) {
        ns3::dmm::RegistrationClient::Timers t;
        t.initialFirstReg = ns3::Seconds(first);
        t.initial = ns3::Seconds(initial);
        t.max = ns3::Seconds(max);
        t.refreshFraction = fraction;
        t.giveUpAfterMax = giveUp;
        client->Configure(t, ns3::MakeCallback(&ClientLog::Send, this),
                          ns3::MakeCallback(&ClientLog::State, this));
    }
    bool Ack(uint16_t seq, uint8_t status, double lifetime) {
        ns3::dmm::BindingAckHeader ba;
        ba.SetSequence(seq);
        ba.SetStatus(status);
        ba.SetLifetime(ns3::Seconds(lifetime));
        return client->HandleAck(ba);
    }
    bool AckLast(uint8_t status, double lifetime) {
        return Ack(client->GetSequence(), status, lifetime);
    }
};
}
"""


@pytest.fixture(scope="module")
def harness(ns: Any) -> Any:
    if not hasattr(cppyy.gbl, "dmm_test") or not hasattr(cppyy.gbl.dmm_test, "ClientLog"):
        cppyy.cppdef(HARNESS)
    return cppyy.gbl.dmm_test.ClientLog


@pytest.fixture()
def log(ns: Any, simulator: Any, harness: Any) -> Any:
    h = harness()
    h.Configure(1.5, 1.0, 32.0, 0.8, False)
    yield h
    h.client.Stop()


def test_a_first_registration_backs_off_to_the_maximum_and_goes_on(ns: Any, log: Any) -> None:
    at(ns, 0, lambda: log.client.Register(ns.Seconds(60), True))
    run(ns, 150)
    # 1.5 s, doubling up to 32 s, then every 32 s (RFC 6275 11.8 lets a node go on).
    assert list(log.times) == [0, 1.5, 4.5, 10.5, 22.5, 46.5, 78.5, 110.5, 142.5]
    assert list(log.sequences) == list(range(1, 10))  # a new sequence number each time
    assert set(log.lifetimes) == {60.0}
    assert list(log.states) == ["registering"]


def test_other_registrations_start_at_the_initial_timeout(ns: Any, log: Any) -> None:
    at(ns, 0, lambda: log.client.Register(ns.Seconds(60), False))
    run(ns, 20)
    assert list(log.times) == [0, 1, 3, 7, 15]


def test_accepted_then_refreshed_at_the_fraction_of_the_granted_lifetime(ns: Any,
                                                                       log: Any) -> None:
    ok = ns.dmm.BindingAckHeader.BINDING_UPDATE_ACCEPTED
    answered: list[bool] = []
    at(ns, 0, lambda: log.client.Register(ns.Seconds(60), True))
    at(ns, 2, lambda: answered.append(log.Ack(1, ok, 20)))        # an earlier one: ignored
    at(ns, 2, lambda: answered.append(log.AckLast(ok, 20)))       # granted 20 s
    at(ns, 18.5, lambda: answered.append(log.AckLast(ok, 20)))    # the refresh's answer
    run(ns, 35)
    assert answered == [False, True, True]
    # Sent at 0 and 1.5 (retransmission), refreshed at 2 + 16 s, then at 18.5 + 16 s.
    assert list(log.times) == [0, 1.5, 18, 34.5]
    assert list(log.states) == ["registering", "registered*", "registering", "registered*",
                                "registering"]


def test_rejections_out_of_window_and_deregistration(ns: Any, log: Any) -> None:
    dmm = ns.dmm
    ok = dmm.BindingAckHeader.BINDING_UPDATE_ACCEPTED
    window = dmm.BindingAckHeader.SEQUENCE_NUMBER_OUT_OF_WINDOW
    at(ns, 0, lambda: log.client.Register(ns.Seconds(60), True))
    at(ns, 0.5, lambda: log.Ack(100, window, 0))   # continue from the peer's number
    at(ns, 1, lambda: log.AckLast(ok, 60))
    at(ns, 2, lambda: log.client.Deregister())
    at(ns, 2.5, lambda: log.AckLast(ok, 0))
    at(ns, 3, lambda: log.client.Register(ns.Seconds(60), False))
    at(ns, 3.5, lambda: log.AckLast(dmm.BindingAckHeader.REASON_UNSPECIFIED, 0))
    run(ns, 40)
    assert list(log.sequences) == [1, 101, 102, 103]
    assert list(log.lifetimes) == [60, 60, 0, 60]
    assert list(log.times) == [0, 0.5, 2, 3]  # nothing after the rejection
    assert list(log.states) == ["registering", "registered*", "deregistering", "idle*",
                                "registering", "failed*"]


def test_giving_up_after_the_maximum(ns: Any, harness: Any, simulator: Any) -> None:
    log = harness()
    log.Configure(1.5, 1.0, 8.0, 0.8, True)
    at(ns, 0, lambda: log.client.Register(ns.Seconds(60), True))
    run(ns, 60)
    assert list(log.times) == [0, 1.5, 4.5, 10.5]
    assert list(log.states) == ["registering", "failed"]


@pytest.mark.parametrize(("timers", "lifetime"), [
    ((0.0, 1.0, 32.0, 0.8), 60), ((1.5, 1.0, 1.0, 0.8), 60), ((1.5, 1.0, 32.0, 0.0), 60),
    ((1.5, 1.0, 32.0, 1.5), 60), ((1.5, 1.0, 32.0, 0.8), 0)])
def test_bad_configuration_is_refused(ns: Any, harness: Any, simulator: Any,
                                      timers: tuple[float, ...], lifetime: float) -> None:
    log = harness()
    with pytest.raises(Exception, match="positive|fraction|largest"):
        log.Configure(*timers, False)
        log.client.Register(ns.Seconds(lifetime), True)
    assert list(log.times) == []
