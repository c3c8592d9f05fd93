/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Prints the attributes of every ns3::dmm TypeId as JSON (name, parent, group; per attribute:
 * name, help, value type, underlying type information with its range, default, settable),
 * so that Python validates and describes function parameters without loading ns-3. Run by
 * the build; its output is installed with the library as attributes.json.
 */

#include "ns3/json-writer.h"

#include "ns3/attribute.h"
#include "ns3/dmm-module.h"
#include "ns3/type-id.h"

#include <fstream>
#include <iostream>
#include <string>

using namespace ns3;

int
main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::cerr << "usage: " << argv[0] << " OUTPUT.json\n";
        return 2;
    }
    // Registered by their translation units' NS_OBJECT_ENSURE_REGISTERED.
    dmm::JsonWriter w;
    w.BeginObject().Key("schema").Value("ns3dmm.attributes/1").Key("types").BeginArray();
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        const TypeId tid = TypeId::GetRegistered(i);
        if (tid.GetName().rfind("ns3::dmm::", 0) != 0 || tid.MustHideFromDocumentation())
        {
            continue;
        }
        w.BeginObject()
            .Key("name")
            .Value(tid.GetName())
            .Key("parent")
            .Value(tid.HasParent() ? tid.GetParent().GetName() : "")
            .Key("group")
            .Value(tid.GetGroupName())
            .Key("constructible")
            .Value(tid.HasConstructor())
            .Key("attributes")
            .BeginArray();
        for (std::size_t j = 0; j < tid.GetAttributeN(); ++j)
        {
            const TypeId::AttributeInformation info = tid.GetAttribute(j);
            const bool settable = (info.flags & TypeId::ATTR_SET) != 0;
            w.BeginObject()
                .Key("name")
                .Value(info.name)
                .Key("help")
                .Value(info.help)
                .Key("type")
                .Value(info.checker->GetValueTypeName())
                .Key("underlying")
                .Value(info.checker->HasUnderlyingTypeInformation()
                           ? info.checker->GetUnderlyingTypeInformation()
                           : std::string())
                .Key("default")
                .Value(info.initialValue->SerializeToString(info.checker))
                .Key("settable")
                .Value(settable)
                .EndObject();
        }
        w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
    std::ofstream out(argv[1]);
    out << w.Str() << "\n";
    return out ? 0 : 1;
}
