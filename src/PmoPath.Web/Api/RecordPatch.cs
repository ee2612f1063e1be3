using System.Text.Json;
using System.Text.Json.Nodes;
using PmoPath.People;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// The body of <c>PUT</c> and <c>PATCH /api/people/{id}/record</c> read as JSON first, so that a field left out can be
/// told from a field sent as null: PUT needs every field; PATCH is a JSON merge patch (RFC 7396) over the stored record.
/// </summary>
public static class RecordPatch
{
    /// <summary>The record's fields by their JSON names.</summary>
    public static readonly IReadOnlyList<string> Fields =
        [.. typeof(RecordInput).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];

    /// <summary>What a PUT that leaves a field out is told.</summary>
    public static readonly string[] RequiredByPut =
        ["is required: PUT replaces the whole record, so send every field (null or [] where empty), or use PATCH to change some."];

    private static readonly HashSet<string> Lists = ["certificates", "completedCourses", "evidence"];

    /// <summary>The body as a JSON object with the record's field names (matched ignoring case); anything else is a 400 naming it.</summary>
    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            throw new InvalidInputException("body", "Send the record as JSON (Content-Type application/json, or application/merge-patch+json for PATCH).");
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(JsonField.Of(e.Path) ?? "body", $"The body is not valid JSON: {e.Message}");
        }
        if (node is not JsonObject body)
            throw new InvalidInputException("body", "The body must be a JSON object of the record's fields.");
        var named = new JsonObject();
        foreach (var (key, value) in body)
        {
            var field = Fields.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputException(key, $"'{key}' is not a field of the record; the fields are {string.Join(", ", Fields)}.");
            named[field] = value?.DeepClone();
        }
        return named;
    }

    /// <summary>
    /// The record <paramref name="current"/> with <paramref name="body"/> applied: a merge patch, or with
    /// <paramref name="replace"/> the whole record (every field present; ratings of areas the body leaves out removed).
    /// A list sent as null is an empty list.
    /// </summary>
    public static RecordInput Merge(RecordInput current, JsonObject body, JsonSerializerOptions options, bool replace = false)
    {
        var merged = JsonSerializer.SerializeToNode(current, options)!.AsObject();
        foreach (var (field, value) in body)
        {
            if (field == "competencies" && value is null or JsonObject)
            {
                // The update merges ratings by area (an area left out is kept, null removes one), so removing means
                // naming each stored area with null: all of them for a null, those left out for a PUT.
                var ratings = new JsonObject();
                if (value is null || replace)
                    foreach (var area in current.Competencies?.Keys ?? Enumerable.Empty<string>())
                        ratings[area] = null;
                if (value is JsonObject sent)
                    foreach (var (area, rating) in sent)
                        ratings[area] = rating?.DeepClone();
                merged[field] = ratings;
            }
            else
                merged[field] = value is null && Lists.Contains(field) ? new JsonArray() : value?.DeepClone();
        }
        return ToInput(merged, options);
    }

    public static RecordInput ToInput(JsonObject body, JsonSerializerOptions options)
    {
        try
        {
            return body.Deserialize<RecordInput>(options) ?? throw new InvalidInputException("body", "The body must be a JSON object of the record's fields.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(JsonField.Of(e.Path) ?? "body", e.Message);
        }
    }
}
