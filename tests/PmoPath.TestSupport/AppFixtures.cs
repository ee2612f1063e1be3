using Xunit;

namespace PmoPath.Testing;

/// <summary>One running app over a fresh database for a whole test class; derive to choose the database.</summary>
public abstract class AppFixture(TestDatabase database) : IAsyncLifetime
{
    private TestApp? _app;

    public TestDatabase Database { get; } = database;
    public TestApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>Extra settings for the app, as <c>--Key=value</c>.</summary>
    protected virtual string[] Settings => [];

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Database, Settings);

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

public sealed class SqliteAppFixture() : AppFixture(TestDatabase.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(TestDatabase.Postgres);
