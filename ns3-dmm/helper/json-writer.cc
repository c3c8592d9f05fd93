/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "json-writer.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

JsonWriter::JsonWriter() = default;

void
JsonWriter::BeforeValue()
{
    if (m_stack.empty())
    {
        if (m_os.tellp() > 0)
        {
            throw std::logic_error("JsonWriter: a second top-level value");
        }
        return;
    }
    if (m_stack.back() == 'o')
    {
        if (!m_afterKey)
        {
            throw std::logic_error("JsonWriter: a value in an object needs a key first");
        }
        m_afterKey = false;
        return;
    }
    if (!m_first.back())
    {
        m_os << ',';
    }
    m_first.back() = false;
}

JsonWriter&
JsonWriter::BeginObject()
{
    BeforeValue();
    m_os << '{';
    m_stack.push_back('o');
    m_first.push_back(true);
    return *this;
}

JsonWriter&
JsonWriter::EndObject()
{
    if (m_stack.empty() || m_stack.back() != 'o' || m_afterKey)
    {
        throw std::logic_error("JsonWriter: EndObject without an open object");
    }
    m_os << '}';
    m_stack.pop_back();
    m_first.pop_back();
    return *this;
}

JsonWriter&
JsonWriter::BeginArray()
{
    BeforeValue();
    m_os << '[';
    m_stack.push_back('a');
    m_first.push_back(true);
    return *this;
}

JsonWriter&
JsonWriter::EndArray()
{
    if (m_stack.empty() || m_stack.back() != 'a')
    {
        throw std::logic_error("JsonWriter: EndArray without an open array");
    }
    m_os << ']';
    m_stack.pop_back();
    m_first.pop_back();
    return *this;
}

JsonWriter&
JsonWriter::Key(const std::string& key)
{
    if (m_stack.empty() || m_stack.back() != 'o' || m_afterKey)
    {
        throw std::logic_error("JsonWriter: a key outside an object");
    }
    if (!m_first.back())
    {
        m_os << ',';
    }
    m_first.back() = false;
    WriteString(key);
    m_os << ':';
    m_afterKey = true;
    return *this;
}

JsonWriter&
JsonWriter::Value(double value)
{
    BeforeValue();
    if (!std::isfinite(value))
    {
        m_os << "null";
        return *this;
    }
    char text[32];
    std::snprintf(text, sizeof(text), "%.17g", value);
    m_os << text;
    if (std::string(text).find_first_of(".e") == std::string::npos)
    {
        m_os << ".0"; // a number written as a double reads back as one
    }
    return *this;
}

JsonWriter&
JsonWriter::Value(int64_t value)
{
    BeforeValue();
    m_os << value;
    return *this;
}

JsonWriter&
JsonWriter::Value(uint64_t value)
{
    BeforeValue();
    m_os << value;
    return *this;
}

JsonWriter&
JsonWriter::Value(int32_t value)
{
    return Value(static_cast<int64_t>(value));
}

JsonWriter&
JsonWriter::Value(uint32_t value)
{
    return Value(static_cast<uint64_t>(value));
}

JsonWriter&
JsonWriter::Value(bool value)
{
    BeforeValue();
    m_os << (value ? "true" : "false");
    return *this;
}

JsonWriter&
JsonWriter::Value(const std::string& value)
{
    BeforeValue();
    WriteString(value);
    return *this;
}

JsonWriter&
JsonWriter::Value(const char* value)
{
    return Value(std::string(value));
}

JsonWriter&
JsonWriter::Null()
{
    BeforeValue();
    m_os << "null";
    return *this;
}

JsonWriter&
JsonWriter::Array(const std::vector<double>& values)
{
    BeginArray();
    for (double v : values)
    {
        Value(v);
    }
    return EndArray();
}

void
JsonWriter::WriteString(const std::string& value)
{
    m_os << '"';
    for (unsigned char c : value)
    {
        switch (c)
        {
        case '"':
            m_os << "\\\"";
            break;
        case '\\':
            m_os << "\\\\";
            break;
        case '\n':
            m_os << "\\n";
            break;
        case '\t':
            m_os << "\\t";
            break;
        case '\r':
            m_os << "\\r";
            break;
        default:
            if (c < 0x20)
            {
                char escaped[8];
                std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
                m_os << escaped;
            }
            else
            {
                m_os << c;
            }
        }
    }
    m_os << '"';
}

std::string
JsonWriter::Str() const
{
    if (!m_stack.empty())
    {
        throw std::logic_error("JsonWriter: an object or array is still open");
    }
    return m_os.str();
}

} // namespace dmm
} // namespace ns3
