using System.Net;
using System.Net.Sockets;
using PmoPath.Testing;
using Xunit;

namespace PmoPath.Web.Tests.Scale;

/// <summary>
/// How the product starts (<c>dotnet run --project src/PmoPath.Web</c>, <c>pmopath serve</c>): listening while the
/// database is migrated and seeded, with every request held until it is ready.
/// </summary>
public sealed class ServeTests
{
    [Fact]
    public async Task A_fresh_database_is_ready_before_the_first_request_is_answered_and_the_app_stops_when_asked()
    {
        var folder = Directory.CreateTempSubdirectory("pmopath-serve-").FullName;
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var app = TestApp.Build([$"--urls=http://127.0.0.1:{port}", "--environment=Testing", $"--Database:DataFolder={folder}"], TestClock.New());
        var serving = app.ServeAsync(stop.Token);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        HttpResponseMessage? first = null;
        for (var i = 0; i < 600 && first is null; i++)
        {
            try
            {
                first = await client.GetAsync("/api/courses/aipmo-ipmo-expert");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }

        // The very first answer already has the seeded catalogue: requests waited for the database.
        Assert.NotNull(first);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await stop.CancelAsync();
        await serving.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/ping"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
