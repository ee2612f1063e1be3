using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using PmoPath.Testing;
using PmoPath.Web.Components;

namespace PmoPath.Cli.Tests.Advice;

public sealed class AdviceCliFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync(TestDatabase.Sqlite, "--RateLimits:Advice=100000");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary><c>pmopath advise</c> in-process, over the same database as a running web app: three ways in, one answer.</summary>
public class AdviseCommandTests(AdviceCliFixture fixture) : IClassFixture<AdviceCliFixture>
{
    private const string ExampleProfile = """
        { "level": 3, "targetLevel": 4, "pmoType": "enterprise-pmo",
          "asOf": "2026-11-22",
          "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2023-05-10" } ],
          "completedCourses": [ "agile-pmo" ],
          "competencies": { "benefits-management": 1, "strategy": 0, "pmo-setup-design": 2 } }
        """;

    private TestApp App => fixture.App;

    private async Task<(int Exit, string Out, string Error)> AdviseAsync(string profileJson, params string[] extra)
    {
        var file = Path.Combine(App.DataFolder, $"profile-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, profileJson);
        return await RunAsync(["advise", "--profile", file, .. extra]);
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PmoPathCli.RunAsync([.. args, .. App.DatabaseArgs], output, error, App.Clock);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<string> PostAsync(string profileJson)
    {
        using var response = await App.Client.PostAsync("/api/advice", new StringContent(profileJson, Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task With_json_it_prints_exactly_what_the_API_returns()
    {
        var (exit, output, error) = await AdviseAsync(ExampleProfile, "--json");

        Assert.Equal(PmoPathCli.Ok, exit);
        Assert.Equal("", error);
        Assert.Equal(await PostAsync(ExampleProfile), output.TrimEnd('\n'));
    }

    [Fact]
    public async Task By_default_it_prints_tables_of_what_to_take_next_the_roadmap_and_what_was_held_back()
    {
        var (exit, output, _) = await AdviseAsync(ExampleProfile);

        Assert.Equal(PmoPathCli.Ok, exit);
        Assert.Contains("Take next", output, StringComparison.Ordinal);
        Assert.Contains("axelos-p3o-practitioner", output, StringComparison.Ordinal);
        Assert.Contains("Roadmap", output, StringComparison.Ordinal);
        Assert.Contains("2028", output, StringComparison.Ordinal);
        Assert.Contains("Considered, and not now", output, StringComparison.Ordinal);
        Assert.Contains("aipmo-ipmo-expert", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "prince2", "achievedOn": "2020-01-01" } ] }""", "certifications[0].code")]
    [InlineData("""{ "level": 7 }""", "level")]
    [InlineData("""{ "level": 2, "asOf": "2026-11-22", "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2020-31-12" } ] }""", "certifications[0].achievedOn")]
    [InlineData("""{ "level": 2, """, "$")]
    public async Task A_bad_profile_exits_2_with_the_same_message_as_the_API(string profile, string field)
    {
        var (exit, output, error) = await AdviseAsync(profile, "--json");

        Assert.Equal(PmoPathCli.BadInput, exit);
        Assert.Equal("", output);
        using var problem = JsonDocument.Parse(await PostAsync(profile));
        var message = problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains($"{field}: {message}", error.Split('\n'));
    }

    [Fact]
    public async Task A_missing_profile_file_exits_2_naming_the_option()
    {
        var (exit, _, error) = await RunAsync(["advise", "--profile", Path.Combine(App.DataFolder, "no-such-file.json")]);

        Assert.Equal(PmoPathCli.BadInput, exit);
        Assert.StartsWith("--profile: there is no file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_the_CLI_and_the_career_guide_give_the_same_advice_for_the_same_profile()
    {
        using var api = JsonDocument.Parse(await PostAsync(ExampleProfile));
        var (_, cliOutput, _) = await AdviseAsync(ExampleProfile, "--json");
        using var cli = JsonDocument.Parse(cliOutput);
        using var response = await FormPost.SubmitAsync(App.Client, "/career-guide", "career-guide",
        [
            new("Input.Level", "3"), new("Input.TargetLevel", "4"), new("Input.PmoType", "enterprise-pmo"), new("Input.AsOf", "2026-11-22"),
            new("Input.Achieved[axelos-p3o-foundation]", "2023-05-10"),
            new("Input.Completed[agile-pmo]", "true"),
            new("Input.Ratings[benefits-management]", "1"), new("Input.Ratings[strategy]", "0"), new("Input.Ratings[pmo-setup-design]", "2"),
        ]);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

        var fromApi = Summary(api.RootElement);
        var fromCli = Summary(cli.RootElement);
        Assert.Equal(fromApi.Recommendations, fromCli.Recommendations);
        Assert.Equal(fromApi.NotNow, fromCli.NotNow);
        Assert.Equal(fromApi.Roadmap, fromCli.Roadmap);
        var fromPage = new AdviceSummary(
            [.. page.QuerySelectorAll("li.recommendation").Select(li =>
                $"{li.GetAttribute("data-code")}|{li.GetAttribute("data-kind")}|{li.GetAttribute("data-eligible")}|{li.GetAttribute("data-due-by")}|{Reasons(li)}")],
            [.. page.QuerySelectorAll("li.held-back").Select(li => $"{li.GetAttribute("data-code")}|{Reasons(li)}")],
            [.. page.QuerySelectorAll("li.roadmap-year").Select(li =>
                $"{li.GetAttribute("data-year")}|{string.Join(",", li.QuerySelectorAll("ul.codes li").Select(c => c.GetAttribute("data-code")))}")]);
        // The page writes the dates inside reasons for people ("10 May 2026"); the API and the CLI write ISO dates.
        var forPeople = Summary(api.RootElement, PageDates.InText);
        Assert.Equal(forPeople.Recommendations, fromPage.Recommendations);
        Assert.Equal(forPeople.NotNow, fromPage.NotNow);
        Assert.Equal(forPeople.Roadmap, fromPage.Roadmap);
        Assert.NotEmpty(fromApi.Recommendations);

        static string Reasons(AngleSharp.Dom.IElement li) => string.Join(" / ", li.QuerySelectorAll("ul.reasons li").Select(r => r.TextContent));
    }

    private sealed record AdviceSummary(List<string> Recommendations, List<string> NotNow, List<string> Roadmap);

    private static AdviceSummary Summary(JsonElement answer, Func<string, string>? written = null) => new(
        [.. answer.GetProperty("recommendations").EnumerateArray().Select(r =>
            $"{r.GetProperty("code").GetString()}|{r.GetProperty("kind").GetString()}|{(r.GetProperty("eligible").GetBoolean() ? "true" : "false")}|{r.GetProperty("dueBy").GetString()}|{Reasons(r, written)}")],
        [.. answer.GetProperty("notNow").EnumerateArray().Select(h => $"{h.GetProperty("code").GetString()}|{Reasons(h, written)}")],
        [.. answer.GetProperty("roadmap").EnumerateArray().Select(y =>
            $"{y.GetProperty("year").GetInt32()}|{string.Join(",", y.GetProperty("codes").EnumerateArray().Select(c => c.GetString()))}")]);

    private static string Reasons(JsonElement item, Func<string, string>? written) =>
        string.Join(" / ", item.GetProperty("reasons").EnumerateArray().Select(r => written is null ? r.GetString() : written(r.GetString()!)));
}

/// <summary><c>pmopath advise</c> reads the public schedule of the database it is pointed at: sessions, prices, dates.</summary>
public class AdviseCommandScheduleTests(AdviceCliFixture fixture) : IClassFixture<AdviceCliFixture>
{
    [Fact]
    public async Task The_advice_lists_the_sessions_of_the_database_with_their_prices()
    {
        // Far beyond the sample schedule, so the only sessions then are these two.
        var asOf = PmoPath.Testing.Sessions.SessionKit.Today.AddDays(600);
        var first = await PmoPath.Testing.Sessions.SessionKit.InsertAsync(fixture.App, "harbour-lane-training", "hop-essentials-pmo-administrators", asOf.AddDays(20), 10);
        var second = await PmoPath.Testing.Sessions.SessionKit.InsertAsync(fixture.App, "harbour-lane-training", "hop-essentials-pmo-administrators", asOf.AddDays(50), 10);
        var file = Path.Combine(fixture.App.DataFolder, $"profile-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$"""{ "level": 1, "asOf": "{{asOf:yyyy-MM-dd}}" }""");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PmoPathCli.RunAsync(["advise", "--profile", file, "--json", .. fixture.App.DatabaseArgs], output, error, fixture.App.Clock);

        Assert.Equal(PmoPathCli.Ok, exit);
        var next = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("recommendations")[0];
        Assert.Equal("hop-essentials-pmo-administrators", next.GetProperty("code").GetString());
        Assert.Equal([first, second], next.GetProperty("nextSessions").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(100m, next.GetProperty("cost").GetProperty("amount").GetDecimal());
        Assert.Equal($"{asOf.AddDays(20):yyyy-MM-dd}", next.GetProperty("dueBy").GetString());

        using var table = new StringWriter();
        Assert.Equal(PmoPathCli.Ok, await PmoPathCli.RunAsync(["advise", "--profile", file, .. fixture.App.DatabaseArgs], table, error, fixture.App.Clock));
        Assert.Contains("Total cost of the roadmap at the next sessions' prices: £100.", table.ToString(), StringComparison.Ordinal);
    }
}
