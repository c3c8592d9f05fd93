/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "registration-client.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("RegistrationClient");

RegistrationClient::RegistrationClient() = default;

RegistrationClient::~RegistrationClient()
{
    m_retransmit.Cancel();
    m_refresh.Cancel();
}

std::string
RegistrationClient::GetStateName(State state)
{
    switch (state)
    {
    case IDLE:
        return "idle";
    case REGISTERING:
        return "registering";
    case REGISTERED:
        return "registered";
    case DEREGISTERING:
        return "deregistering";
    case FAILED:
        return "failed";
    }
    return "unknown";
}

void
RegistrationClient::Configure(const Timers& timers, SendCallback send, StateCallback state)
{
    if (!timers.initialFirstReg.IsStrictlyPositive() || !timers.initial.IsStrictlyPositive() ||
        timers.max < timers.initial || timers.max < timers.initialFirstReg)
    {
        throw std::invalid_argument("RegistrationClient: timeouts must be positive and the "
                                    "largest no smaller than the initial ones");
    }
    if (!(timers.refreshFraction > 0 && timers.refreshFraction <= 1))
    {
        throw std::invalid_argument("RegistrationClient: the refresh fraction must be in (0, 1]");
    }
    m_timers = timers;
    m_send = send;
    m_onState = state;
}

void
RegistrationClient::SetState(State state, const BindingAckHeader* ba)
{
    const State previous = m_state;
    m_state = state;
    NS_LOG_LOGIC(GetStateName(previous) << " -> " << GetStateName(state));
    if (!m_onState.IsNull())
    {
        m_onState(previous, state, ba);
    }
}

void
RegistrationClient::Register(Time lifetime, bool first)
{
    if (!lifetime.IsStrictlyPositive())
    {
        throw std::invalid_argument("RegistrationClient::Register: lifetime must be positive");
    }
    m_refresh.Cancel();
    m_lifetime = lifetime;
    m_timeout = first ? m_timers.initialFirstReg : m_timers.initial;
    SetState(REGISTERING, nullptr);
    Send();
}

void
RegistrationClient::Deregister()
{
    m_refresh.Cancel();
    m_lifetime = Seconds(0);
    m_timeout = m_timers.initial;
    SetState(DEREGISTERING, nullptr);
    Send();
}

void
RegistrationClient::Stop()
{
    m_retransmit.Cancel();
    m_refresh.Cancel();
    if (m_state != IDLE)
    {
        SetState(IDLE, nullptr);
    }
}

void
RegistrationClient::Send()
{
    m_retransmit.Cancel();
    ++m_sequence;
    ++m_sent;
    if (m_send.IsNull())
    {
        throw std::logic_error("RegistrationClient: not configured");
    }
    m_send(m_sequence, m_lifetime);
    m_retransmit = Simulator::Schedule(m_timeout, &RegistrationClient::Retransmit, this);
}

void
RegistrationClient::Retransmit()
{
    // RFC 6275 11.8: double the timeout up to MAX_BINDACK_TIMEOUT; go on at that rate.
    if (m_timeout >= m_timers.max && m_timers.giveUpAfterMax)
    {
        NS_LOG_WARN("no acknowledgement after " << m_timeout.As(Time::S) << ": giving up");
        SetState(m_state == DEREGISTERING ? IDLE : FAILED, nullptr);
        return;
    }
    m_timeout = Min(m_timeout + m_timeout, m_timers.max);
    Send();
}

bool
RegistrationClient::HandleAck(const BindingAckHeader& ba)
{
    if (m_state != REGISTERING && m_state != DEREGISTERING)
    {
        return false;
    }
    if (ba.GetStatus() == BindingAckHeader::SEQUENCE_NUMBER_OUT_OF_WINDOW)
    {
        // RFC 6275 11.7.3: continue from the sequence number the peer holds.
        m_sequence = ba.GetSequence();
        Send();
        return true;
    }
    if (ba.GetSequence() != m_sequence)
    {
        return false; // an answer to an earlier Binding Update
    }
    m_retransmit.Cancel();
    if (!ba.IsAccepted())
    {
        SetState(m_state == DEREGISTERING ? IDLE : FAILED, &ba);
        return true;
    }
    if (m_state == DEREGISTERING)
    {
        SetState(IDLE, &ba);
        return true;
    }
    const Time granted = ba.GetLifetime();
    SetState(REGISTERED, &ba);
    if (m_state == REGISTERED && granted.IsStrictlyPositive())
    {
        m_refresh.Cancel();
        m_refresh = Simulator::Schedule(granted * m_timers.refreshFraction, [this]() {
            if (m_state == REGISTERED)
            {
                Register(m_lifetime, false);
            }
        });
    }
    return true;
}

RegistrationClient::State
RegistrationClient::GetState() const
{
    return m_state;
}

uint16_t
RegistrationClient::GetSequence() const
{
    return m_sequence;
}

Time
RegistrationClient::GetLifetime() const
{
    return m_lifetime;
}

uint64_t
RegistrationClient::GetSent() const
{
    return m_sent;
}

} // namespace dmm
} // namespace ns3
