using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Jobs;
using PmoPath.Testing;
using PmoPath.Testing.People;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.Jobs;

/// <summary>Open jobs at my target level with what I lack, through the API and the jobs page, on each provider.</summary>
public abstract class MyJobsTests(PeopleWorld world)
{
    private static DateOnly Today => TestClock.Today;

    private async Task<string> AddJobAsync(int level)
    {
        var title = $"Test role {Guid.NewGuid().ToString("N")[..8]}";
        await world.App.Services.GetRequiredService<JobStore>().AddAsync(new JobInput
        {
            Title = title, Organisation = "Initech", Level = level, PmoType = "enterprise-pmo", Location = "London",
            ClosesOn = Today.AddDays(30), Description = "A role for tests.",
            Certificates = ["axelos-mop-foundation", "axelos-p3o-foundation"],
            Competencies = [new JobCompetency { Code = "benefits-management", Rating = 3 }, new JobCompetency { Code = "reporting-analysis", Rating = 2 }],
        });
        return title;
    }

    [Fact]
    public async Task Lists_open_jobs_at_my_target_level_with_the_certificates_and_ratings_I_lack()
    {
        var wanted = await AddJobAsync(3);
        var other = await AddJobAsync(2);
        var member = await world.AddAsync("jobs-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        var api = world.Api(member.Key);
        var record = await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 2,
            targetLevel = 3,
            certificates = new[] { new { code = "axelos-mop-foundation", achievedOn = Day(Today.AddMonths(-6)) } },
            competencies = new Dictionary<string, int> { ["benefits-management"] = 1, ["reporting-analysis"] = 2 },
        });
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);

        var mine = await api.GetFromJsonAsync<JsonElement>("/api/me/jobs");
        Assert.Equal(3, mine.GetProperty("level").GetInt32());
        var jobs = mine.GetProperty("jobs").EnumerateArray().ToList();
        Assert.All(jobs, j => Assert.Equal(3, j.GetProperty("job").GetProperty("level").GetInt32()));
        Assert.DoesNotContain(jobs, j => j.GetProperty("job").GetProperty("title").GetString() == other);
        var match = Assert.Single(jobs, j => j.GetProperty("job").GetProperty("title").GetString() == wanted);
        var lacking = match.GetProperty("lacking");
        Assert.False(lacking.GetProperty("meetsAll").GetBoolean());
        Assert.Equal(["axelos-p3o-foundation"], lacking.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));
        var gap = Assert.Single(lacking.GetProperty("competencies").EnumerateArray());
        Assert.Equal("benefits-management", gap.GetProperty("code").GetString());
        Assert.Equal(1, gap.GetProperty("has").GetInt32());
        Assert.Equal(3, gap.GetProperty("asks").GetInt32());

        // The jobs page shows the same to the signed-in practitioner.
        using var browser = await world.SignInAsync(member.Key);
        var page = await browser.GetStringAsync("/jobs");
        Assert.Contains("Jobs at level 3 for you", page, StringComparison.Ordinal);
        Assert.Contains("axelos-p3o-foundation", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_target_my_current_level_is_used_and_it_needs_a_token()
    {
        var member = await world.AddAsync("jobs-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        var api = world.Api(member.Key);
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new { level = 2 })).StatusCode);
        var mine = await api.GetFromJsonAsync<JsonElement>("/api/me/jobs");
        Assert.Equal(2, mine.GetProperty("level").GetInt32());

        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me/jobs")).StatusCode);
        Assert.DoesNotContain("for you", await anonymous.GetStringAsync("/jobs"), StringComparison.Ordinal);
    }
}

public sealed class MyJobsOnSqliteTests(SqlitePeopleWorld world) : MyJobsTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class MyJobsOnPostgresTests(PostgresPeopleWorld world) : MyJobsTests(world), IClassFixture<PostgresPeopleWorld>;
