/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_SCRIPT_CALLBACKS_H
#define DMM_SCRIPT_CALLBACKS_H

#include "ns3/ipv6-header.h"
#include "ns3/mobility-l4-protocol.h"

#include <cstdint>
#include <functional>

namespace ns3
{
namespace dmm
{

class MobilityHeader;

/**
 * @ingroup dmm
 * @brief Functions of a script (Python) called from a running simulation, for control-plane
 * events only (scripted signalling in examples and tests), never per data packet.
 *
 * A script hands over two dispatchers once; scheduled calls and message handlers then carry
 * only an identifier, which the dispatcher maps to the script's function. (cppyy keeps one
 * conversion of a Python callable per std::function signature: converting each callable
 * separately would retarget the earlier ones.)
 */
class ScriptCallbacks
{
  public:
    /// Dispatcher of scheduled calls: the call's identifier.
    using CallDispatcher = std::function<void(uint64_t)>;
    /// Dispatcher of messages: the handler's identifier, the message, its IPv6 header and
    /// the interface it arrived on.
    using MessageDispatcher =
        std::function<void(uint64_t, const MobilityHeader&, const Ipv6Header&, uint32_t)>;

    /// @param call dispatcher of scheduled calls @param message dispatcher of messages
    static void SetDispatchers(CallDispatcher call, MessageDispatcher message);
    /// @param seconds delay from now @param id identifier handed to the call dispatcher
    static void Schedule(double seconds, uint64_t id);
    /// @param id identifier handed to the message dispatcher @return a message handler
    static MobilityL4Protocol::MessageHandler MakeMessageHandler(uint64_t id);
    /**
     * @brief Hand every Mobility Header message a protocol sends (its Tx trace) to the message
     * dispatcher, parsed, with an IPv6 header carrying its source and destination (interface
     * 0): a script that sees a node's signalling as it leaves, such as an eavesdropper on its
     * link. Messages that do not parse are not handed on.
     * @param l4 the protocol
     * @param id identifier handed to the message dispatcher
     */
    static void ConnectSent(Ptr<MobilityL4Protocol> l4, uint64_t id);
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_SCRIPT_CALLBACKS_H */
