using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Web.Hosting;
using PmoPath.Web.Tests.Insight;
using PmoPath.Web.Tests.Operations;
using PmoPath.Web.Tests.People;
using PmoPath.Web.Tests.Security;
using PmoPath.Web.Tests.Sessions;
using PmoPath.Web.Tests.Teams;
using Xunit;

namespace PmoPath.Web.Tests.Scale;

/// <summary>
/// PostgreSQL behind PgBouncer in transaction pooling mode (docs/adr/0010): the journeys most sensitive to what a
/// server session carries — signing in, a booking burst, the staff import, the team and organisation views, and
/// several instances migrating a fresh database at once — run through a real PgBouncer with the Npgsql settings that
/// mode needs. (<c>PMOPATH_TEST_PGBOUNCER=1</c> runs every PostgreSQL test of the suite this way.)
/// </summary>
public sealed class PgBouncerTests
{
    [Fact]
    public async Task Three_instances_starting_together_through_PgBouncer_migrate_once_and_all_come_up_ready() =>
        await ConcurrentStartTests.StartTogetherAsync(await PostgresServer.CreateDatabaseThroughPgBouncerAsync());

    [Fact]
    public async Task The_start_up_lock_excludes_a_second_instance_even_when_both_share_one_server_session()
    {
        // A pool of one server connection: every client of PgBouncer runs its transactions in the same server session.
        // A session advisory lock would be taken again by the second instance at once (the session already holds it).
        var server = await PostgresServer.SharedServerAsync();
        var database = await PostgresServer.CreateDatabaseAsync(server);
        await using var bouncer = await PgBouncer.StartAsync(server, poolSize: 1);
        var through = bouncer.Through(database);
        var contexts = new PooledDbContextFactory<AppDbContext>(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(through).Options);
        var wait = TimeSpan.FromSeconds(10);

        var first = await StartupLock.AcquireAsync(contexts, NullLogger.Instance, wait, CancellationToken.None);
        var second = StartupLock.AcquireAsync(contexts, NullLogger.Instance, wait, CancellationToken.None);
        await Task.Delay(1000);
        Assert.False(second.IsCompleted, "a second instance took the start-up lock while the first held it");
        Assert.Equal(1, await AdvisoryLocksAsync(database));

        await first.DisposeAsync();
        await using (await second.WaitAsync(TimeSpan.FromSeconds(30)))
            Assert.Equal(1, await AdvisoryLocksAsync(database));
        // Released for good: nothing is left locked on the server session PgBouncer keeps.
        Assert.Equal(0, await AdvisoryLocksAsync(database));
    }

    /// <summary>Start-up locks granted in <paramref name="database"/>, asked directly (not through PgBouncer).</summary>
    private static async Task<long> AdvisoryLocksAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database " +
            $"WHERE l.locktype = 'advisory' AND l.granted AND l.objid = {(uint)(StartupLock.Key & 0xFFFFFFFF)} AND d.datname = current_database()", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}

public sealed class PgBouncerPeopleWorld() : PeopleWorld(TestDatabase.PostgresThroughPgBouncer);

public sealed class SignInSecurityThroughPgBouncerTests(PgBouncerPeopleWorld world) : SignInSecurityTests(world), IClassFixture<PgBouncerPeopleWorld>;

public sealed class BookingConcurrencyThroughPgBouncerTests(PgBouncerPeopleWorld world) : BookingConcurrencyTests(world), IClassFixture<PgBouncerPeopleWorld>;

public sealed class StaffImportThroughPgBouncerTests(PgBouncerPeopleWorld world) : StaffImportTests(world), IClassFixture<PgBouncerPeopleWorld>;

public sealed class TeamThroughPgBouncerTests(PgBouncerPeopleWorld world) : TeamTests(world), IClassFixture<PgBouncerPeopleWorld>;

public sealed class OrganisationViewThroughPgBouncerTests(PgBouncerPeopleWorld world) : OrganisationViewTests(world), IClassFixture<PgBouncerPeopleWorld>;
