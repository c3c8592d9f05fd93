/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_JSON_WRITER_H
#define DMM_JSON_WRITER_H

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief Writes JSON text: how the helpers hand recorded series to a script in one string,
 * so that a script reads a whole record with one call instead of one call per value.
 *
 * Doubles are written with 17 significant digits and always with a fraction or exponent
 * (they read back as the same double, and as a double); non-finite numbers are written as null. Misuse (a value where a key is expected, unbalanced
 * ends) throws std::logic_error.
 */
class JsonWriter
{
  public:
    JsonWriter();

    /// @return this writer
    JsonWriter& BeginObject();
    /// @return this writer
    JsonWriter& EndObject();
    /// @return this writer
    JsonWriter& BeginArray();
    /// @return this writer
    JsonWriter& EndArray();
    /// @param key the member name of the next value @return this writer
    JsonWriter& Key(const std::string& key);
    /// @param value a number (null if not finite) @return this writer
    JsonWriter& Value(double value);
    /// @param value an integer @return this writer
    JsonWriter& Value(int64_t value);
    /// @param value an integer @return this writer
    JsonWriter& Value(uint64_t value);
    /// @param value an integer @return this writer
    JsonWriter& Value(int32_t value);
    /// @param value an integer @return this writer
    JsonWriter& Value(uint32_t value);
    /// @param value a boolean @return this writer
    JsonWriter& Value(bool value);
    /// @param value a string (escaped) @return this writer
    JsonWriter& Value(const std::string& value);
    /// @param value a string (escaped) @return this writer
    JsonWriter& Value(const char* value);
    /// @return this writer, after a null
    JsonWriter& Null();
    /// @param values numbers written as an array @return this writer
    JsonWriter& Array(const std::vector<double>& values);

    /// @return the text written (complete once every object and array is ended)
    std::string Str() const;

  private:
    /// Separator and state bookkeeping before a value.
    void BeforeValue();
    /// @param value text to write as a JSON string
    void WriteString(const std::string& value);

    std::ostringstream m_os;   //!< the text
    std::vector<char> m_stack; //!< open containers: 'o' object, 'a' array
    std::vector<bool> m_first; //!< no member written yet in each open container
    bool m_afterKey{false};    //!< a key was written, its value is next
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_JSON_WRITER_H */
