using System.Text.Json;
using System.Text.RegularExpressions;

namespace PmoPath.Web.Tests.OpenApi;

/// <summary>One operation of the document: its path key (<c>/api/people/{id}</c>), method and OpenAPI object.</summary>
internal sealed record ApiOperation(string Path, string Method, JsonElement Operation)
{
    public string Name => $"{Method.ToUpperInvariant()} {Path}";

    public IEnumerable<string> Statuses => Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name);

    public bool HasQuery => Operation.TryGetProperty("parameters", out var parameters)
        && parameters.EnumerateArray().Any(p => p.GetProperty("in").GetString() == "query");

    /// <summary>The first media type the operation's request body is documented in, or null when it takes none.</summary>
    public string? RequestContentType => Operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
        ? content.EnumerateObject().Select(c => c.Name).FirstOrDefault()
        : null;

    /// <summary>True when the operation can be called without a token (its <c>security</c> lists an empty requirement).</summary>
    public bool IsPublic => Operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(requirement => !requirement.EnumerateObject().Any());

    /// <summary>The path's parameters with their schema's type and format (<c>integer</c>, <c>string</c>/<c>uuid</c>).</summary>
    public IReadOnlyDictionary<string, (string? Type, string? Format)> PathParameters =>
        (Operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(p => p.GetProperty("in").GetString() == "path")
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => (Type(p.GetProperty("schema")), Format(p.GetProperty("schema"))));

    private static string? Type(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).First(t => t != "null") : type.GetString();

    private static string? Format(JsonElement schema) => schema.TryGetProperty("format", out var format) ? format.GetString() : null;
}

/// <summary>The app's OpenAPI document, as served at <c>/openapi/v1.json</c>.</summary>
internal sealed partial class ApiDocument(string json)
{
    public string Json { get; } = json;
    public JsonElement Root { get; } = JsonDocument.Parse(json).RootElement;

    public static async Task<ApiDocument> FetchAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return new ApiDocument(await response.Content.ReadAsStringAsync());
    }

    public IReadOnlyList<ApiOperation> Operations =>
        [.. Root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
            .Select(op => new ApiOperation(path.Name, op.Name, op.Value)))];

    /// <summary>
    /// The operation's URL with each path parameter taken from <paramref name="values"/>, or else a value of the
    /// parameter's type that names nothing (so the call still reaches the handler, which answers its 404).
    /// </summary>
    public static string Url(ApiOperation operation, IReadOnlyDictionary<string, string> values)
    {
        var parameters = operation.PathParameters;
        return PathParameter().Replace(operation.Path, m =>
        {
            var name = m.Groups[1].Value;
            if (values.TryGetValue(name, out var value))
                return Uri.EscapeDataString(value);
            return parameters.GetValueOrDefault(name) switch
            {
                (_, "uuid") => Guid.NewGuid().ToString(),
                ("integer", _) => "999999",
                _ => "no-such-thing",
            };
        });
    }

    [GeneratedRegex(@"\{([^}:]+)\}")]
    private static partial Regex PathParameter();
}
