using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmoPath.Exchange;

/// <summary>Reads and writes <see cref="FrameworkDocument"/> in its one canonical JSON form.</summary>
public static class FrameworkJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            IndentSize = 2,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Skip,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new CanonicalDecimalConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Write(FrameworkDocument document) =>
        JsonSerializer.Serialize(document, Options) + "\n";

    /// <summary>
    /// Parses a framework file. Syntax and type errors come back as one problem naming the line and the
    /// JSON path; the content is checked afterwards by <see cref="FrameworkValidator"/>.
    /// </summary>
    public static FrameworkDocument Read(string json)
    {
        try
        {
            // No value of a framework file may be null: the model has no optional field that null would mean.
            if (FirstNull(System.Text.Json.Nodes.JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = Options.MaxDepth }), "$") is { } nullAt)
                throw new FrameworkImportException([new FrameworkProblem(nullAt, "a value is required here, not null")]);
            return JsonSerializer.Deserialize<FrameworkDocument>(json, Options)
                ?? throw new FrameworkImportException([new FrameworkProblem("$", "the file is empty (null)")]);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? path : "$";
            var line = ex.LineNumber is { } n ? $" (line {n + 1})" : "";
            throw new FrameworkImportException([new FrameworkProblem(where, $"not valid here{line}: {FirstSentence(ex.Message)}")]);
        }
    }

    private static string? FirstNull(System.Text.Json.Nodes.JsonNode? node, string path) => node switch
    {
        null => path,
        System.Text.Json.Nodes.JsonObject o => o.Select(p => FirstNull(p.Value, $"{path}.{p.Key}")).FirstOrDefault(p => p is not null),
        System.Text.Json.Nodes.JsonArray a => a.Select((v, i) => FirstNull(v, $"{path}[{i}]")).FirstOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>The default framework and catalogue that ship with PmoPath.</summary>
    public static string ReadDefaultText()
    {
        using var stream = typeof(FrameworkJson).Assembly.GetManifestResourceStream("PmoPath.framework.json")
            ?? throw new InvalidOperationException("The default framework resource is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static FrameworkDocument ReadDefault() => Read(ReadDefaultText());

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
