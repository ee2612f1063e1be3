using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Case;

/// <summary>
/// The competency framework as a CASE 1.1 package through the real HTTP pipeline and a real database, on each provider:
/// export, import, the round trip, a customer's own framework, and packages refused without a change.
/// </summary>
public abstract class CaseExchangeTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.App.Client;
    private readonly FrameworkStore _store = fixture.App.Services.GetRequiredService<FrameworkStore>();

    private async Task<string> GetPackageAsync()
    {
        using var response = await _client.GetAsync("/api/framework/case");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_package_is_served_with_addresses_under_the_apps_own_and_identifiers_derived_from_codes()
    {
        var package = JsonNode.Parse(await GetPackageAsync())!;
        var root = fixture.App.BaseAddress.ToString().TrimEnd('/');

        Assert.Equal(root + "/api/framework/case", (string?)package["CFDocument"]!["uri"]);
        Assert.Equal("1.1", (string?)package["CFDocument"]!["caseVersion"]);
        var items = package["CFItems"]!.AsArray();
        Assert.Equal(13 + 25, items.Count);
        var benefits = items.Where(i => (string?)i!["humanCodingScheme"] == "benefits-management").ToList();
        Assert.Equal(2, benefits.Count);
        Assert.Equal(FrameworkIdentifiers.Competency("benefits-management").ToString(),
            (string?)benefits.Single(i => (string?)i!["CFItemType"] == "Competency Area")!["identifier"]);
        Assert.Equal(FrameworkIdentifiers.Course("benefits-management").ToString(),
            (string?)benefits.Single(i => (string?)i!["CFItemType"] == "Course")!["identifier"]);
        Assert.All(items, i => Assert.StartsWith(root + "/api/framework/case#", (string?)i!["uri"], StringComparison.Ordinal));

        // The rubric of benefits management gives the proficiency of the default framework at levels 1 to 4.
        var expected = FrameworkJson.ReadDefault().Competencies.Single(c => c.Code == "benefits-management").Expected;
        var rubric = package["CFRubrics"]!.AsArray().Single(r => (string?)r!["CFRubricCriteria"]![0]!["CFItemURI"]!["identifier"]
            == FrameworkIdentifiers.Competency("benefits-management").ToString())!;
        var levels = rubric["CFRubricCriteria"]![0]!["CFRubricCriterionLevels"]!.AsArray();
        Assert.Equal([1, 2, 3, 4], levels.Select(l => (int)l!["position"]!));
        Assert.Equal(expected, levels.Select(l => (int)l!["score"]!));
    }

    [Fact]
    public async Task Export_then_import_then_export_is_byte_identical_and_leaves_the_whole_framework_as_it_was()
    {
        var framework = FrameworkJson.Write(await _store.ExportAsync());
        var first = await GetPackageAsync();

        var revision = await _store.ImportCaseAsync(first, "test.json", "test");
        var second = await GetPackageAsync();

        Assert.Equal(first, second);
        Assert.Equal(framework, FrameworkJson.Write(await _store.ExportAsync()));
        Assert.Equal(revision.Id, (await _store.GetAsync()).Revision);
    }

    [Fact]
    public async Task A_hostile_package_changes_nothing_and_names_each_problem()
    {
        var before = FrameworkJson.Write(await _store.ExportAsync());
        var revision = (await _store.GetAsync()).Revision;
        var package = JsonNode.Parse(await GetPackageAsync())!;
        var associations = package["CFAssociations"]!.AsArray();
        associations[3]!["originNodeURI"]!["identifier"] = "6d0f9b1c-0000-4000-8000-000000000000";
        associations[4]!["identifier"] = (string?)associations[5]!["identifier"];
        package["CFItems"]![0]!["lastChangeDateTime"] = 20260101;

        var refused = await Assert.ThrowsAsync<FrameworkImportException>(() => _store.ImportCaseAsync(package.ToJsonString(), "hostile.json", "test"));

        Assert.Contains(refused.Problems, p => p.Path == "CFAssociations[3].originNodeURI.identifier"
            && p.Message.Contains("'6d0f9b1c-0000-4000-8000-000000000000' is not an item of this package", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.Path == "CFAssociations[5].identifier" && p.Message.Contains("already the identifier of CFAssociations[4]", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.Path == "CFItems[0].lastChangeDateTime" && p.Message.Contains("must be a string, not a number", StringComparison.Ordinal));
        Assert.Equal(before, FrameworkJson.Write(await _store.ExportAsync()));
        Assert.Equal(revision, (await _store.GetAsync()).Revision);
    }

    [Fact]
    public async Task A_customers_own_framework_replaces_the_competency_areas_and_the_courses_that_develop_them()
    {
        try
        {
            await _store.ImportCaseAsync(CustomerPackage, "customer.json", "test");

            var framework = await _store.GetAsync();
            Assert.Equal(["gov", "gov-1", "gov-2"], framework.Competencies.Select(c => c.Code));
            Assert.Equal("Portfolio assurance", framework.CompetencyByCode["gov-1"].Name);
            Assert.Equal("Assures the portfolio's delivery confidence.", framework.CompetencyByCode["gov-1"].Description);
            Assert.Equal([0, 1, 3, 4], framework.CompetencyByCode["gov-1"].Expected);
            Assert.Equal(["gov-1", "gov-2"], framework.CourseByCode["axelos-p3o-foundation"].Competencies);
            // The customer's wording of a course does not overwrite the catalogue's.
            var catalogue = FrameworkJson.ReadDefault().Courses.Single(c => c.Code == "axelos-p3o-foundation");
            Assert.Equal(catalogue.Title, framework.CourseByCode["axelos-p3o-foundation"].Title);
            Assert.Equal(catalogue.Description, framework.CourseByCode["axelos-p3o-foundation"].Description);
            // The catalogue keeps its courses; those the package does not name develop none of the new areas.
            Assert.Equal(25, framework.Courses.Count);
            Assert.Empty(framework.CourseByCode["agile-pmo"].Competencies);

            var exported = JsonNode.Parse(await GetPackageAsync())!;
            Assert.Contains(exported["CFItems"]!.AsArray(), i => (string?)i!["identifier"] == FrameworkIdentifiers.Competency("gov-1").ToString()
                && (string?)i["abbreviatedStatement"] == "Portfolio assurance");
        }
        finally
        {
            await _store.ImportAsync(FrameworkJson.ReadDefault(), "default framework", "test");
        }
    }

    /// <summary>
    /// A framework written elsewhere: its own identifiers and item types, a two-level hierarchy, codes that are not slugs,
    /// an association to another framework (not PmoPath's to follow) and one of PmoPath's courses.
    /// </summary>
    private const string CustomerPackage = """
    {
      "CFDocument": { "identifier": "0b8a3c2e-1d4f-4a6b-9c8d-7e6f5a4b3c2d", "uri": "https://hr.example/case/doc", "creator": "Example plc",
        "title": "Example plc PMO competencies", "lastChangeDateTime": "2025-06-30T12:00:00Z", "caseVersion": "1.1" },
      "CFItems": [
        { "identifier": "1a2b3c4d-0000-4000-8000-000000000001", "fullStatement": "Governance", "CFItemType": "Domain",
          "humanCodingScheme": "GOV", "uri": "https://hr.example/case/1", "lastChangeDateTime": "2025-06-30T12:00:00Z" },
        { "identifier": "1A2B3C4D-0000-4000-8000-000000000002", "fullStatement": "Assures the portfolio's delivery confidence.",
          "abbreviatedStatement": "Portfolio assurance", "CFItemType": "Competency", "humanCodingScheme": "GOV.1",
          "uri": "https://hr.example/case/2", "lastChangeDateTime": "2025-06-30T12:00:00Z", "educationLevel": ["adult"] },
        { "identifier": "1a2b3c4d-0000-4000-8000-000000000003", "fullStatement": "Decision support", "CFItemType": "Competency",
          "humanCodingScheme": "GOV.2", "uri": "https://hr.example/case/3", "lastChangeDateTime": "2025-06-30T12:00:00Z" },
        { "identifier": "1a2b3c4d-0000-4000-8000-000000000004", "fullStatement": "P3O Foundation", "abbreviatedStatement": "P3O® Foundation",
          "CFItemType": "course", "humanCodingScheme": "axelos-p3o-foundation", "uri": "https://hr.example/case/4", "lastChangeDateTime": "2025-06-30T12:00:00Z" }
      ],
      "CFAssociations": [
        { "identifier": "2a2b3c4d-0000-4000-8000-000000000001", "associationType": "isChildOf", "sequenceNumber": 1, "uri": "https://hr.example/a/1",
          "originNodeURI": { "title": "GOV", "identifier": "1a2b3c4d-0000-4000-8000-000000000001", "uri": "https://hr.example/case/1" },
          "destinationNodeURI": { "title": "doc", "identifier": "0b8a3c2e-1d4f-4a6b-9c8d-7e6f5a4b3c2d", "uri": "https://hr.example/case/doc" },
          "lastChangeDateTime": "2025-06-30T12:00:00Z" },
        { "identifier": "2a2b3c4d-0000-4000-8000-000000000002", "associationType": "isChildOf", "sequenceNumber": 1, "uri": "https://hr.example/a/2",
          "originNodeURI": { "title": "GOV.1", "identifier": "1a2b3c4d-0000-4000-8000-000000000002", "uri": "https://hr.example/case/2" },
          "destinationNodeURI": { "title": "GOV", "identifier": "1a2b3c4d-0000-4000-8000-000000000001", "uri": "https://hr.example/case/1" },
          "lastChangeDateTime": "2025-06-30T12:00:00Z" },
        { "identifier": "2a2b3c4d-0000-4000-8000-000000000003", "associationType": "isChildOf", "sequenceNumber": 2, "uri": "https://hr.example/a/3",
          "originNodeURI": { "title": "GOV.2", "identifier": "1a2b3c4d-0000-4000-8000-000000000003", "uri": "https://hr.example/case/3" },
          "destinationNodeURI": { "title": "GOV", "identifier": "1a2b3c4d-0000-4000-8000-000000000001", "uri": "https://hr.example/case/1" },
          "lastChangeDateTime": "2025-06-30T12:00:00Z" },
        { "identifier": "2a2b3c4d-0000-4000-8000-000000000004", "associationType": "isChildOf", "uri": "https://hr.example/a/4",
          "originNodeURI": { "title": "P3O", "identifier": "1a2b3c4d-0000-4000-8000-000000000004", "uri": "https://hr.example/case/4" },
          "destinationNodeURI": { "title": "GOV.1", "identifier": "1a2b3c4d-0000-4000-8000-000000000002", "uri": "https://hr.example/case/2" },
          "lastChangeDateTime": "2025-06-30T12:00:00Z" },
        { "identifier": "2a2b3c4d-0000-4000-8000-000000000005", "associationType": "isChildOf", "uri": "https://hr.example/a/5",
          "originNodeURI": { "title": "P3O", "identifier": "1a2b3c4d-0000-4000-8000-000000000004", "uri": "https://hr.example/case/4" },
          "destinationNodeURI": { "title": "GOV.2", "identifier": "1a2b3c4d-0000-4000-8000-000000000003", "uri": "https://hr.example/case/3" },
          "lastChangeDateTime": "2025-06-30T12:00:00Z" },
        { "identifier": "2a2b3c4d-0000-4000-8000-000000000006", "associationType": "exactMatchOf", "uri": "https://hr.example/a/6",
          "originNodeURI": { "title": "GOV.1", "identifier": "1a2b3c4d-0000-4000-8000-000000000002", "uri": "https://hr.example/case/2" },
          "destinationNodeURI": { "title": "Elsewhere", "identifier": "urn:other:framework:42", "uri": "https://other.example/42", "targetType": "CASE" },
          "lastChangeDateTime": "2025-06-30T12:00:00Z" }
      ],
      "CFRubrics": [
        { "identifier": "3a2b3c4d-0000-4000-8000-000000000001", "uri": "https://hr.example/r/1", "lastChangeDateTime": "2025-06-30T12:00:00Z",
          "CFRubricCriteria": [
            { "identifier": "4a2b3c4d-0000-4000-8000-000000000001", "uri": "https://hr.example/c/1", "lastChangeDateTime": "2025-06-30T12:00:00Z",
              "CFItemURI": { "title": "GOV", "identifier": "1a2b3c4d-0000-4000-8000-000000000001", "uri": "https://hr.example/case/1" },
              "CFRubricCriterionLevels": [
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000001", "uri": "https://hr.example/l/1", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 1, "score": 0 },
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000002", "uri": "https://hr.example/l/2", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 2, "score": 1 },
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000003", "uri": "https://hr.example/l/3", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 3, "score": 2 },
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000004", "uri": "https://hr.example/l/4", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 4, "score": 3 }
              ] },
            { "identifier": "4a2b3c4d-0000-4000-8000-000000000002", "uri": "https://hr.example/c/2", "lastChangeDateTime": "2025-06-30T12:00:00Z",
              "CFItemURI": { "title": "GOV.1", "identifier": "1a2b3c4d-0000-4000-8000-000000000002", "uri": "https://hr.example/case/2" },
              "CFRubricCriterionLevels": [
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000008", "uri": "https://hr.example/l/8", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 4, "score": 4.0 },
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000005", "uri": "https://hr.example/l/5", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 1, "score": 0 },
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000006", "uri": "https://hr.example/l/6", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 2, "score": 1 },
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000007", "uri": "https://hr.example/l/7", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 3, "score": 3 }
              ] },
            { "identifier": "4a2b3c4d-0000-4000-8000-000000000003", "uri": "https://hr.example/c/3", "lastChangeDateTime": "2025-06-30T12:00:00Z",
              "CFItemURI": { "title": "GOV.2", "identifier": "1a2b3c4d-0000-4000-8000-000000000003", "uri": "https://hr.example/case/3" },
              "CFRubricCriterionLevels": [
                { "identifier": "5a2b3c4d-0000-4000-8000-000000000009", "uri": "https://hr.example/l/9", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 1, "score": 1 },
                { "identifier": "5a2b3c4d-0000-4000-8000-00000000000a", "uri": "https://hr.example/l/a", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 2, "score": 2 },
                { "identifier": "5a2b3c4d-0000-4000-8000-00000000000b", "uri": "https://hr.example/l/b", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 3, "score": 2 },
                { "identifier": "5a2b3c4d-0000-4000-8000-00000000000c", "uri": "https://hr.example/l/c", "lastChangeDateTime": "2025-06-30T12:00:00Z", "position": 4, "score": 3 }
              ] }
          ] }
      ]
    }
    """;
}

public sealed class SqliteCaseExchangeTests(SqliteAppFixture fixture) : CaseExchangeTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresCaseExchangeTests(PostgresAppFixture fixture) : CaseExchangeTests(fixture), IClassFixture<PostgresAppFixture>;
