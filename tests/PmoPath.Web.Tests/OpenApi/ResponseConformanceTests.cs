using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PmoPath.Testing;
using PmoPath.Testing.People;
using Xunit.Abstractions;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.OpenApi;

/// <summary>
/// Real answers against the document: every GET operation is called anonymously and as each kind of account (with ids
/// of seeded data where there are some), and every answer — success or problem — must have a documented status and
/// content type and, when it is JSON, be valid against the documented schema, checked by ajv.
/// </summary>
public sealed class ResponseConformanceTests(SqlitePeopleWorld world, ITestOutputHelper output) : IClassFixture<SqlitePeopleWorld>
{
    private static readonly string[] Callers = ["pat", "manager", "hr", "provider", "admin"];

    /// <summary>Queries for operations that answer only to one (the others are called without a query).</summary>
    private static readonly Dictionary<string, string> Queries = new(StringComparer.Ordinal)
    {
        ["/api/search"] = "?q=benefits",
        ["/api/articles/suggested"] = "?competency=benefits-management&level=2",
        ["/api/courses/compare"] = "?codes=axelos-p3o-practitioner,lean-agile-pmo,axelos-prince2-practitioner,bcs-ppso-essentials&level=3&pmoType=portfolio-office",
    };

    private sealed record Sample(string Name, string Path, string Method, int Status, string? ContentType, bool HasBody, JsonNode? Body);

    [Fact]
    public async Task Every_answer_of_every_GET_operation_conforms_to_the_document()
    {
        var document = await ApiDocument.FetchAsync(world.App.Client);
        var samples = new List<Sample>();
        var ids = await SeedAsync(samples);

        var gets = document.Operations.Where(o => o.Method == "get").ToList();
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        var clients = new List<(string Name, HttpClient Client)> { ("anonymous", anonymous) };
        clients.AddRange(Callers.Select(key => (key, world.Api(key))));
        try
        {
            foreach (var operation in gets)
            {
                var url = ApiDocument.Url(operation, ids(operation.Path)) + Queries.GetValueOrDefault(operation.Path, "");
                foreach (var (name, client) in clients)
                {
                    using var response = await client.GetAsync(url);
                    samples.Add(await SampleAsync($"{name}: GET {url}", operation.Path, "get", response));
                }
            }
        }
        finally
        {
            foreach (var (_, client) in clients.Skip(1))
                client.Dispose();
        }

        var problems = await ValidateAsync(document, samples);
        output.WriteLine($"{samples.Count} answers of {gets.Count} GET operations checked; statuses: " + string.Join(", ",
            samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        Assert.True(problems.Count == 0, $"{problems.Count} answers do not conform to the document:\n" + string.Join("\n", problems));

        // Every GET whose parameters the seeded data fills answered with data at least once, so its schema met a real body.
        var unfilled = gets.Where(o => o.PathParameters.Keys.All(ids(o.Path).ContainsKey) && (!o.HasQuery || Queries.ContainsKey(o.Path)))
            .Where(o => !samples.Any(s => s.Path == o.Path && s.Method == "get" && s.Status is >= 200 and < 300))
            .Select(o => o.Name).ToList();
        Assert.True(unfilled.Count == 0, "No caller got a 2xx answer from: " + string.Join(", ", unfilled));
        Assert.Contains(samples, s => s.Status == 200 && s.Path == "/api/people/{id}");
        Assert.Contains(samples, s => s.Status == 401);
        Assert.Contains(samples, s => s.Status == 404);
    }

    /// <summary>
    /// Gives pat a record, a plan item and a booking through the API (their answers are samples too), and returns the
    /// ids of seeded data by path: a course, a provider, an article, a job, a session of pat's booking, pat, the booking.
    /// </summary>
    private async Task<Func<string, IReadOnlyDictionary<string, string>>> SeedAsync(List<Sample> samples)
    {
        var pat = world["pat"];
        using var asPat = world.Api("pat");
        var day = TestClock.Today;
        using (var record = await asPat.PatchAsJsonAsync($"/api/people/{pat.PersonId}/record", new
        {
            jobTitle = "PMO analyst", level = 2, targetLevel = 3, pmoType = "programme-office", yearsInPmo = 4,
            certificates = new object[] { new { code = "axelos-p3o-foundation", achievedOn = Day(day.AddYears(-4)) } },
            completedCourses = new[] { new { code = "agile-pmo", completedOn = Day(day.AddMonths(-2)) } },
            competencies = new Dictionary<string, int> { ["benefits-management"] = 1 },
        }))
            samples.Add(await SampleAsync("pat: PATCH record", "/api/people/{id}/record", "patch", record));
        using (var plan = await asPat.PostAsJsonAsync($"/api/people/{pat.PersonId}/plan", new { courseCode = "benefits-management", targetDate = Day(day.AddMonths(6)) }))
            samples.Add(await SampleAsync("pat: POST plan", "/api/people/{id}/plan", "post", plan));

        var sessions = await world.App.Client.GetFromJsonAsync<JsonElement>("/api/sessions");
        var session = sessions.EnumerateArray().First(s => s.GetProperty("providerCode").GetString() == "harbour-lane-training" && s.GetProperty("seatsLeft").GetInt32() > 0);
        var sessionId = session.GetProperty("id").GetString()!;
        string bookingId;
        using (var booking = await asPat.PostAsJsonAsync($"/api/sessions/{sessionId}/bookings", new { }))
        {
            var sample = await SampleAsync("pat: POST booking", "/api/sessions/{id}/bookings", "post", booking);
            samples.Add(sample);
            bookingId = sample.Body!["id"]!.GetValue<string>();
        }

        // Refusals of writes are answers too: a role that may not publish, a field out of range, a session that does not exist.
        using (var forbidden = await asPat.PostAsJsonAsync("/api/sessions", new { courseCode = "agile-pmo" }))
            samples.Add(await SampleAsync("pat: POST session", "/api/sessions", "post", forbidden));
        using (var invalid = await asPat.PutAsJsonAsync($"/api/people/{pat.PersonId}/record", new { level = 9 }))
            samples.Add(await SampleAsync("pat: PUT record with level 9", "/api/people/{id}/record", "put", invalid));
        using (var missing = await asPat.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/bookings", new { }))
            samples.Add(await SampleAsync("pat: POST booking on no session", "/api/sessions/{id}/bookings", "post", missing));
        Assert.Equal([403, 400, 404], samples.TakeLast(3).Select(s => s.Status));

        var article = (await world.App.Client.GetFromJsonAsync<JsonElement>("/api/articles"))[0].GetProperty("slug").GetString()!;
        var job = (await world.App.Client.GetFromJsonAsync<JsonElement>("/api/jobs"))[0].GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        var person = pat.PersonId!.Value.ToString();
        return path => path switch
        {
            _ when path.StartsWith("/api/courses/", StringComparison.Ordinal) => new Dictionary<string, string> { ["code"] = "agile-pmo" },
            _ when path.StartsWith("/api/providers/", StringComparison.Ordinal) => new Dictionary<string, string> { ["code"] = "harbour-lane-training" },
            _ when path.StartsWith("/api/articles/", StringComparison.Ordinal) => new Dictionary<string, string> { ["slug"] = article },
            _ when path.StartsWith("/api/jobs/", StringComparison.Ordinal) => new Dictionary<string, string> { ["id"] = job },
            _ when path.StartsWith("/api/sessions/", StringComparison.Ordinal) => new Dictionary<string, string> { ["id"] = sessionId },
            _ when path.StartsWith("/api/people/", StringComparison.Ordinal) => new Dictionary<string, string> { ["id"] = person },
            _ when path.StartsWith("/api/bookings/", StringComparison.Ordinal) => new Dictionary<string, string> { ["id"] = bookingId },
            _ when path.Contains("/export/{table}", StringComparison.Ordinal) => new Dictionary<string, string> { ["table"] = "all", ["format"] = "xlsx" },
            _ => new Dictionary<string, string>(),
        };
    }

    private static async Task<Sample> SampleAsync(string name, string path, string method, HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var json = contentType is not null && (contentType == "application/json" || contentType.EndsWith("+json", StringComparison.Ordinal));
        return new Sample(name, path, method, (int)response.StatusCode, contentType, bytes.Length > 0, json ? JsonNode.Parse(bytes) : null);
    }

    /// <summary>Runs validate-responses.cjs (ajv over the document) on the samples; the problems, one line each.</summary>
    private async Task<List<string>> ValidateAsync(ApiDocument document, List<Sample> samples)
    {
        var documentFile = Path.Combine(world.App.DataFolder, "openapi.json");
        var samplesFile = Path.Combine(world.App.DataFolder, "samples.json");
        await File.WriteAllTextAsync(documentFile, document.Json);
        await File.WriteAllTextAsync(samplesFile, JsonSerializer.Serialize(samples.Select(s => new
        {
            name = s.Name, path = s.Path, method = s.Method, status = s.Status, contentType = s.ContentType, hasBody = s.HasBody, body = s.Body,
        })));
        NodeTools.Module("ajv/dist/2020.js");
        NodeTools.Module("ajv-formats/package.json");

        var (exitCode, stdout, stderr) = await NodeTools.RunAsync(
            NodeTools.Script("validate-responses.cjs"), NodeTools.ModulesDirectory, documentFile, samplesFile);
        Assert.True(exitCode == 0 && stdout.TrimStart().StartsWith('['), $"validate-responses.cjs failed (exit {exitCode}): {stdout}\n{stderr}");
        return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray().SelectMany(r =>
            r.GetProperty("problems").EnumerateArray().Take(5).Select(p => $"{r.GetProperty("name").GetString()}: {p.GetString()}"))];
    }
}
