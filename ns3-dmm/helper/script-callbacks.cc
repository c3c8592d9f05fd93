/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "script-callbacks.h"

#include "ns3/simulator.h"

#include <stdexcept>

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

} // namespace dmm
} // namespace ns3
