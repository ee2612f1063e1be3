using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmoPath.Exchange;

/// <summary>
/// Writes decimals without the trailing zeros a database column's scale adds (3, not 3.0), so a
/// framework file exported after an import is byte for byte the file imported.
/// </summary>
public sealed class CanonicalDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.ToString("0.############", CultureInfo.InvariantCulture));
}
