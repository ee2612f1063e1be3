using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Testing;
using Xunit;

namespace PmoPath.Web.Tests.Scale;

/// <summary>The shared window on a real database: exact under racing takers, and reopened once closed.</summary>
public abstract class SharedRateCounterTests(TestDatabase database) : IAsyncLifetime
{
    private const long Minute = 60_000;
    private TestApp _app = null!;

    private SharedRateCounter Counter => _app.Services.GetRequiredService<SharedRateCounter>();

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(database);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Racing_takers_are_granted_exactly_the_limit_between_them()
    {
        var now = TestClock.Start.ToUnixTimeMilliseconds();
        var grants = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => Counter.TakeAsync("race", now, Minute, wanted: 1 + i % 3, limit: 50))));

        Assert.Equal(50, grants.Sum(g => g.Granted));
        Assert.All(grants, g => Assert.Equal(now, g.WindowStart));
    }

    [Fact]
    public async Task A_spent_window_grants_nothing_until_it_closes_and_a_new_one_opens()
    {
        var opened = TestClock.Start.ToUnixTimeMilliseconds();
        Assert.Equal(new RateGrant(3, opened), await Counter.TakeAsync("spent", opened, Minute, 3, limit: 5));
        Assert.Equal(new RateGrant(2, opened), await Counter.TakeAsync("spent", opened + 10, Minute, 3, limit: 5));
        Assert.Equal(new RateGrant(0, opened), await Counter.TakeAsync("spent", opened + Minute - 1, Minute, 1, limit: 5));

        var later = opened + Minute;
        Assert.Equal(new RateGrant(3, later), await Counter.TakeAsync("spent", later, Minute, 3, limit: 5));
        // Another key has a window of its own.
        Assert.Equal(new RateGrant(1, later), await Counter.TakeAsync("other", later, Minute, 1, limit: 5));
    }

    [Fact]
    public async Task Pruning_deletes_only_windows_opened_before_the_given_time()
    {
        var now = TestClock.Start.ToUnixTimeMilliseconds();
        await Counter.TakeAsync("old", now - 3 * Minute, Minute, 1, 5);
        await Counter.TakeAsync("new", now, Minute, 1, 5);

        Assert.Equal(1, await Counter.PruneAsync(now - 2 * Minute));

        // The old key starts afresh; the new one kept its count.
        Assert.Equal(new RateGrant(5, now), await Counter.TakeAsync("old", now, Minute, 5, 5));
        Assert.Equal(new RateGrant(4, now), await Counter.TakeAsync("new", now, Minute, 5, 5));
    }
}

public sealed class SharedRateCounterOnSqliteTests() : SharedRateCounterTests(TestDatabase.Sqlite);

public sealed class SharedRateCounterOnPostgresTests() : SharedRateCounterTests(TestDatabase.Postgres);
