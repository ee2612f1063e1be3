using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Every string in a JSON body: control characters other than tab, line feed and carriage return are refused (a 400
/// naming the field), in values and in keys. PostgreSQL cannot store U+0000 at all, and the others have no business
/// in names, titles or notes (terminal escapes in an export, invisible differences between two codes).
/// </summary>
public sealed class PlainTextConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"must be text in quotes, not {Describe(reader.TokenType)}.");
        return Checked(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    /// <summary>Whether the text holds a control character other than tab, line feed and carriage return.</summary>
    public static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));

    private static string Checked(string text) =>
        HasControlCharacters(text) ? throw new JsonException("control characters (other than tab and line breaks) are not allowed.") : text;

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true or false",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };
}

/// <summary>
/// Query strings get the same rule as JSON bodies: a parameter holding a control character is a 400 naming it, before
/// it reaches a filter or a search (PostgreSQL refuses U+0000 with an error).
/// </summary>
public static class QueryTextCheck
{
    public static WebApplication UseQueryTextCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var bad = context.Request.Query.FirstOrDefault(q => PlainTextConverter.HasControlCharacters(q.Key) || q.Value.Any(v => v is not null && PlainTextConverter.HasControlCharacters(v)));
            if (bad.Key is not null)
            {
                await TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [PlainTextConverter.HasControlCharacters(bad.Key) ? "query" : bad.Key] = ["control characters are not allowed."] },
                    title: "The request has invalid fields.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
