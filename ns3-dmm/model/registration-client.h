/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_REGISTRATION_CLIENT_H
#define DMM_REGISTRATION_CLIENT_H

#include "mobility-header.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <string>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief One binding update list entry (RFC 6275 11.1): the registration of one binding with
 * one peer, and its timers. Used by every function that registers: the mobile node agent, a
 * proxy for each mobile node, an anchor point registering upward.
 *
 * - Register: a (Proxy) Binding Update with the next sequence number, retransmitted while
 *   unanswered (RFC 6275 11.8): first after InitialBindackTimeoutFirstReg for a first
 *   registration, InitialBindackTimeout otherwise, the timeout doubling up to
 *   MaxBindackTimeout and staying there (the RFC lets a node go on at that rate; with
 *   GiveUpAfterMax the registration fails instead). Each retransmission is a new Binding
 *   Update with a new sequence number.
 * - An acknowledgement matching the last sequence number ends the retransmissions: accepted,
 *   the entry is REGISTERED and refreshed at RefreshFraction of the granted lifetime; rejected,
 *   FAILED; SEQUENCE_NUMBER_OUT_OF_WINDOW makes it continue from the peer's sequence number
 *   (RFC 6275 11.7.3).
 * - Deregister: lifetime 0, the same retransmissions, IDLE when answered (or given up).
 *
 * The owner builds and sends each message (SetSendCallback: sequence number and lifetime;
 * what options it carries is the owner's) and hears of every state change.
 */
class RegistrationClient : public SimpleRefCount<RegistrationClient>
{
  public:
    /// States of the entry.
    enum State : uint8_t
    {
        IDLE = 0,          //!< no binding, nothing outstanding
        REGISTERING = 1,   //!< a registration (or refresh) is outstanding
        REGISTERED = 2,    //!< acknowledged; refreshed before the granted lifetime ends
        DEREGISTERING = 3, //!< a deregistration is outstanding
        FAILED = 4,        //!< rejected, or given up
    };

    /// Retransmission and refresh timers (RFC 6275 12 and 13).
    struct Timers
    {
        Time initialFirstReg{Seconds(1.5)}; //!< InitialBindackTimeoutFirstReg
        Time initial{Seconds(1)};           //!< INITIAL_BINDACK_TIMEOUT
        Time max{Seconds(32)};              //!< MAX_BINDACK_TIMEOUT
        double refreshFraction{0.8};        //!< refresh at this fraction of the lifetime
        bool giveUpAfterMax{false};         //!< fail instead of retrying at the max timeout
    };

    /// Sends a Binding Update: sequence number, lifetime. @return whether it was sent
    using SendCallback = Callback<bool, uint16_t, Time>;
    /// Hears of a state change: previous state, new state, the acknowledgement that caused it
    /// (nullptr for a timeout or a call)
    using StateCallback = Callback<void, State, State, const BindingAckHeader*>;

    RegistrationClient();
    ~RegistrationClient();

    /// @param timers the timers @param send sends each Binding Update @param state hears of
    /// every state change
    void Configure(const Timers& timers, SendCallback send, StateCallback state);

    /**
     * @brief Register (or update the registration: a new locator, a refresh).
     * @param lifetime the lifetime to ask (positive)
     * @param first whether this is a first registration (its initial timeout is longer)
     */
    void Register(Time lifetime, bool first);
    /// Deregister (lifetime 0).
    void Deregister();
    /// Stop every timer and go IDLE without sending anything.
    void Stop();
    /**
     * @brief An acknowledgement from the peer.
     * @param ba the Binding Acknowledgement
     * @return whether it answered the outstanding Binding Update
     */
    bool HandleAck(const BindingAckHeader& ba);

    /// @return the state
    State GetState() const;
    /// @return the last sequence number sent
    uint16_t GetSequence() const;
    /// @return the lifetime of the outstanding (or last) Binding Update
    Time GetLifetime() const;
    /// @return Binding Updates sent
    uint64_t GetSent() const;
    /// @param state a state @return its name
    static std::string GetStateName(State state);

  private:
    /// Send the next Binding Update and arm the retransmission timer.
    void Send();
    /// Retransmission timer.
    void Retransmit();
    /// @param state the new state @param ba the acknowledgement that caused it, or nullptr
    void SetState(State state, const BindingAckHeader* ba);

    Timers m_timers;         //!< timers
    SendCallback m_send;     //!< sends a Binding Update
    StateCallback m_onState; //!< hears of state changes
    State m_state{IDLE};     //!< state
    uint16_t m_sequence{0};  //!< last sequence number sent
    Time m_lifetime;         //!< lifetime of the outstanding Binding Update
    Time m_timeout;          //!< current retransmission timeout
    uint64_t m_sent{0};      //!< Binding Updates sent
    EventId m_retransmit;    //!< retransmission timer
    EventId m_refresh;       //!< refresh timer
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_REGISTRATION_CLIENT_H */
