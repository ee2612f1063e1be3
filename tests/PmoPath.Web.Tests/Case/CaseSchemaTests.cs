using System.Text.Json;
using System.Text.Json.Nodes;
using PmoPath.Testing;
using PmoPath.Web.Tests.OpenApi;
using Xunit.Abstractions;

namespace PmoPath.Web.Tests.Case;

/// <summary>
/// The real export, fetched over HTTP from the running app, against 1EdTech's official CASE 1.1 CFPackage JSON Schema
/// (a copy in schema/, see its README), checked by ajv: a validator nobody here wrote.
/// </summary>
public sealed class CaseSchemaTests(SqliteAppFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteAppFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-case-").FullName;

    private static string Schema => Path.Combine(NodeTools.RepositoryRoot, "tests", "PmoPath.Web.Tests", "Case", "schema", "case-v1p1-cfpackage.json");

    private async Task<JsonElement> ValidateAsync(string package)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, package);
        var (exitCode, stdout, stderr) = await NodeTools.RunAsync(
            Path.Combine(NodeTools.RepositoryRoot, "tests", "PmoPath.Web.Tests", "Case", "validate-case.cjs"),
            Path.Combine(NodeTools.RepositoryRoot, "tests", "tools"), Schema, file);
        Assert.True(exitCode == 0, $"ajv did not run (exit {exitCode}): {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public async Task The_served_export_is_valid_against_the_official_CFPackage_schema()
    {
        Assert.True(File.Exists(NodeTools.Module("ajv/dist/2019.js")));
        var package = await fixture.App.Client.GetStringAsync("/api/framework/case");

        var problems = await ValidateAsync(package);

        output.WriteLine($"{package.Length:N0} characters, {JsonNode.Parse(package)!["CFAssociations"]!.AsArray().Count} associations checked");
        Assert.True(problems.GetArrayLength() == 0, "ajv: " + problems);
    }

    [Fact]
    public async Task The_schema_check_is_live_it_refuses_a_package_missing_a_required_field()
    {
        var package = JsonNode.Parse(await fixture.App.Client.GetStringAsync("/api/framework/case"))!;
        package["CFItems"]![0]!.AsObject().Remove("uri");
        package["CFAssociations"]![0]!["associationType"] = "isCousinOf";

        var problems = await ValidateAsync(package.ToJsonString());

        Assert.Contains(problems.EnumerateArray(), p => p.GetProperty("path").GetString() == "/CFItems/0"
            && p.GetProperty("message").GetString() == "must have required property 'uri'");
        Assert.Contains(problems.EnumerateArray(), p => p.GetProperty("path").GetString() == "/CFAssociations/0/associationType");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
