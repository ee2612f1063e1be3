using System.Net;
using System.Text;
using System.Text.Json;
using PmoPath.Testing;
using PmoPath.Testing.People;
using Xunit.Abstractions;

namespace PmoPath.Web.Tests.OpenApi;

/// <summary>
/// The OpenAPI document as a client generator reads it: Redocly CLI's recommended rules find no error in it, every
/// operation has an id and says whether it needs the token, and what it says about the token is what the app does.
/// </summary>
public sealed class OpenApiDocumentTests(SqlitePeopleWorld world, ITestOutputHelper output) : IClassFixture<SqlitePeopleWorld>
{
    [Fact]
    public async Task Redocly_lint_with_the_recommended_rules_finds_no_error()
    {
        var document = await ApiDocument.FetchAsync(world.App.Client);
        var file = Path.Combine(world.App.DataFolder, "openapi.json");
        await File.WriteAllTextAsync(file, document.Json);

        var (exitCode, stdout, stderr) = await NodeTools.RunAsync(
            NodeTools.Module("@redocly/cli/bin/cli.js"), "lint", "--format=json", "--max-problems=1000", file);

        Assert.True(stdout.TrimStart().StartsWith('{'), $"Redocly did not answer JSON (exit {exitCode}): {stdout}\n{stderr}");
        var problems = JsonDocument.Parse(stdout).RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => (Severity: p.GetProperty("severity").GetString(), Rule: p.GetProperty("ruleId").GetString(),
                Message: p.GetProperty("message").GetString(), Where: p.GetProperty("location")[0].GetProperty("pointer").GetString()))
            .ToList();
        foreach (var p in problems)
            output.WriteLine($"{p.Severity} {p.Rule}: {p.Message} at {p.Where}");
        var errors = problems.Where(p => p.Severity == "error").ToList();
        Assert.True(errors.Count == 0, $"Redocly found {errors.Count} errors:\n" + string.Join("\n", errors.Select(e => $"{e.Rule}: {e.Message} at {e.Where}")));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Every_operation_has_a_unique_readable_operationId_and_a_security_requirement()
    {
        var document = await ApiDocument.FetchAsync(world.App.Client);
        var operations = document.Operations;

        Assert.True(operations.Count > 40, $"only {operations.Count} operations");
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        Assert.All(ids, id => Assert.Matches("^[a-z]+[A-Za-z0-9]*$", id ?? ""));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("getPeopleByIdPlan", ids);
        Assert.Contains("postPeopleByIdPlanByItemIdComments", ids);
        Assert.Contains("getTeamExportByTableByFormat", ids);

        Assert.All(operations, o => Assert.True(o.Operation.TryGetProperty("security", out _), $"{o.Name} has no security"));
        var scheme = document.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.DoesNotMatch("/$", document.Root.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.All(document.Root.GetProperty("tags").EnumerateArray(), tag =>
            Assert.False(string.IsNullOrWhiteSpace(tag.TryGetProperty("description", out var d) ? d.GetString() : null), $"tag {tag} has no description: add one to OpenApiSetup.TagDescriptions"));
    }

    [Fact]
    public async Task A_nullable_property_is_never_required_because_the_API_leaves_nulls_out()
    {
        var document = await ApiDocument.FetchAsync(world.App.Client);

        var checkedSchemas = 0;
        foreach (var schema in document.Root.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("required", out var required) || !schema.Value.TryGetProperty("properties", out var properties))
                continue;
            checkedSchemas++;
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                Assert.False(AllowsNull(properties.GetProperty(name)), $"{schema.Name}.{name} may be null but is required");
        }
        Assert.True(checkedSchemas > 20, $"only {checkedSchemas} schemas list required properties");
        var course = document.Root.GetProperty("components").GetProperty("schemas").GetProperty("CourseView");
        Assert.DoesNotContain("renewal", course.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("code", course.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task What_the_document_says_about_the_token_is_what_each_operation_does_without_one()
    {
        var document = await ApiDocument.FetchAsync(world.App.Client);
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };

        var wrong = new List<string>();
        foreach (var operation in document.Operations)
        {
            var url = ApiDocument.Url(operation, new Dictionary<string, string> { ["table"] = "members", ["format"] = "csv" });
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), url);
            if (operation.RequestContentType is { } contentType)
                request.Content = new StringContent(contentType.Contains("json", StringComparison.Ordinal) ? "{}" : "", Encoding.UTF8, contentType);
            using var response = await anonymous.SendAsync(request);
            var status = (int)response.StatusCode;

            if (!operation.IsPublic && response.StatusCode != HttpStatusCode.Unauthorized)
                wrong.Add($"{operation.Name} needs the token by the document but answered {status} without one");
            if (operation.IsPublic && response.StatusCode == HttpStatusCode.Unauthorized)
                wrong.Add($"{operation.Name} is public by the document but answered 401 without a token");
            if (!operation.Statuses.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                wrong.Add($"{operation.Name} answered {status}, which it does not document ({string.Join(", ", operation.Statuses)})");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Contains(document.Operations, o => o.IsPublic);
        Assert.Contains(document.Operations, o => !o.IsPublic);
    }

    private static bool AllowsNull(JsonElement schema) =>
        (schema.TryGetProperty("type", out var type) && (type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null"))
        || (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(AllowsNull))
        || (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.EnumerateArray().Any(AllowsNull));
}
