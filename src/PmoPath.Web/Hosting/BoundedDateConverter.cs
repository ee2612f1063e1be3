using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Every date in a JSON body, <c>yyyy-MM-dd</c> and inside <see cref="DateBounds"/>. One converter for all bodies, so
/// no endpoint can forget the bound; the exception handler turns its refusal into a 400 naming the field by its path.
/// </summary>
public sealed class BoundedDateConverter : JsonConverter<DateOnly>
{
    public const string Format = "yyyy-MM-dd";

    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"must be a date in quotes, written {Format}.");
        var text = reader.GetString();
        if (!DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new JsonException($"'{Shorten(text)}' is not a date: write it {Format}, such as 2026-11-22.");
        if (!DateBounds.Contains(date))
            throw new JsonException(DateBounds.Problem(date));
        return date;
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";
}
