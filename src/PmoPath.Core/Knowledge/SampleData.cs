using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmoPath.Knowledge;

/// <summary>Reads the starter data embedded from <c>data/</c> (articles, sample jobs and providers).</summary>
internal static class SampleData
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        // A misspelt field in a data file should fail the first start loudly, not vanish.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string ReadText(string name)
    {
        using var stream = typeof(SampleData).Assembly.GetManifestResourceStream($"PmoPath.{name}")
            ?? throw new InvalidOperationException($"The embedded data file '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static T Read<T>(string name) =>
        JsonSerializer.Deserialize<T>(ReadText(name), Json) ?? throw new InvalidOperationException($"The data file '{name}' is empty.");
}
