/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "script-callbacks.h"

#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <memory>
#include <stdexcept>
#include <vector>

namespace ns3
{
namespace dmm
{

namespace
{

/// @return the dispatcher of scheduled calls
ScriptCallbacks::CallDispatcher&
Calls()
{
    static ScriptCallbacks::CallDispatcher dispatcher;
    return dispatcher;
}

/// @return the dispatcher of messages
ScriptCallbacks::MessageDispatcher&
Messages()
{
    static ScriptCallbacks::MessageDispatcher dispatcher;
    return dispatcher;
}

} // namespace

void
ScriptCallbacks::SetDispatchers(CallDispatcher call, MessageDispatcher message)
{
    Calls() = std::move(call);
    Messages() = std::move(message);
}

void
ScriptCallbacks::Schedule(double seconds, uint64_t id)
{
    if (!Calls())
    {
        throw std::logic_error("ScriptCallbacks::Schedule: no dispatcher set");
    }
    if (!(seconds >= 0))
    {
        throw std::invalid_argument("ScriptCallbacks::Schedule: a delay >= 0");
    }
    Simulator::Schedule(Seconds(seconds), [id]() { Calls()(id); });
}

MobilityL4Protocol::MessageHandler
ScriptCallbacks::MakeMessageHandler(uint64_t id)
{
    if (!Messages())
    {
        throw std::logic_error("ScriptCallbacks::MakeMessageHandler: no dispatcher set");
    }
    return MobilityL4Protocol::MessageHandler(
        [id](const MobilityHeader& m, const Ipv6Header& h, uint32_t i) { Messages()(id, m, h, i); });
}

void
ScriptCallbacks::ConnectSent(Ptr<MobilityL4Protocol> l4, uint64_t id)
{
    if (!Messages())
    {
        throw std::logic_error("ScriptCallbacks::ConnectSent: no dispatcher set");
    }
    if (!l4)
    {
        throw std::invalid_argument("ScriptCallbacks::ConnectSent: no protocol");
    }
    auto sent = [id](Ptr<const Packet> packet, const Ipv6Address& src, const Ipv6Address& dst) {
        std::vector<uint8_t> octets(packet->GetSize());
        packet->CopyData(octets.data(), octets.size());
        if (octets.size() < 3)
        {
            return;
        }
        std::unique_ptr<MobilityHeader> message = MobilityL4Protocol::CreateMessage(octets[2]);
        if (!message || message->DeserializeBytes(octets.data(), octets.size()) !=
                            MobilityHeader::PARSE_OK)
        {
            return;
        }
        Ipv6Header ip;
        ip.SetSource(src);
        ip.SetDestination(dst);
        ip.SetNextHeader(MobilityHeader::PROT_NUMBER);
        ip.SetPayloadLength(octets.size());
        Messages()(id, *message, ip, 0);
    };
    l4->TraceConnectWithoutContext(
        "Tx",
        Callback<void, Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&>(sent));
}

} // namespace dmm
} // namespace ns3
