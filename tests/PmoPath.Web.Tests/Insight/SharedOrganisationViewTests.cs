using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PmoPath.People;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Insight;

/// <summary>
/// Requests for one organisation's view at the same time share a computation (Insight/SharedOrganisationViews):
/// each still gets exactly what it would get alone; once kept (docs/adr/0027), figures older than a change are
/// replaced within seconds after the refresh interval. The change test moves this class's own app's clock.
/// </summary>
public abstract class SharedOrganisationViewTests(PeopleWorld world)
{
    [Fact]
    public async Task Requests_at_the_same_time_all_get_the_figures_a_request_alone_gets()
    {
        using var api = world.Api("hr");
        var alone = await api.GetStringAsync("/api/organisation/insight");

        var together = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.GetStringAsync("/api/organisation/insight")));

        Assert.All(together, figures => Assert.Equal(alone, figures));
    }

    [Fact]
    public async Task A_change_shows_within_seconds_while_earlier_requests_are_still_being_answered()
    {
        using var api = world.Api("hr");
        var before = await PeopleAsync(api);

        var earlier = Enumerable.Range(0, 8).Select(_ => api.GetAsync("/api/organisation/insight")).ToList();
        await using (var db = await SessionKit.SystemAsync(world.App))
        {
            var acme = await db.Organisations.FirstAsync(o => o.Name == "Acme");
            db.People.Add(new Person { OrganisationId = acme.Id, DisplayName = "Newly Joined", Level = 2, CreatedAtUtc = TestClock.UtcNow });
            await db.SaveChangesAsync();
        }
        // The figures are kept (docs/adr/0027): the change shows once the refresh interval has passed on the app's
        // clock and the background has recomputed them, within seconds.
        Assert.Equal(before, await PeopleAsync(api));
        world.App.Clock.Advance(TimeSpan.FromSeconds(5));
        var after = await PeopleAsync(api);
        for (var waited = Deadline.In(TimeSpan.FromSeconds(30)); after == before && !waited.Passed; after = await PeopleAsync(api))
            await Task.Delay(100);

        Assert.Equal(before + 1, after);
        foreach (var response in await Task.WhenAll(earlier))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<int> PeopleAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/organisation/insight")).GetProperty("people").GetInt32();
}

public sealed class SharedOrganisationViewOnSqliteTests(SqlitePeopleWorld world) : SharedOrganisationViewTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class SharedOrganisationViewOnPostgresTests(PostgresPeopleWorld world) : SharedOrganisationViewTests(world), IClassFixture<PostgresPeopleWorld>;
