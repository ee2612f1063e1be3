using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Operations;

/// <summary>
/// What an operator's log store receives while people use PmoPath: a sign-in, a staff import, a burst of double
/// bookings (409s) and an erasure leave no error entries and none of the people's names, emails or employee ids.
/// </summary>
public sealed class PersonalDataInLogsTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-logs-").FullName;
    private readonly CapturedLog _log = new();
    private WebApplication? _app;

    private WebApplication App => _app!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", "--environment=Testing", $"--Database:DataFolder={_folder}",
                "--RateLimits:SignIn=1000", "--RateLimits:AnonymousApi=1000"],
            ApplicationName = typeof(PmoPathApp).Assembly.GetName().Name,
        });
        builder.AddPmoPathWeb();
        builder.Logging.AddProvider(_log);
        _app = builder.Build();
        _app.UsePmoPathWeb();
        await _app.InitializeAsync();
        await _app.StartAsync();
    }

    [Fact]
    public async Task Sign_in_import_double_bookings_and_erasure_log_no_error_and_no_personal_data()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
            await admin.AddOrganisationAsync("Acme");
            await admin.AddUserAsync(new NewUser("Acme", "hana.privacy@acme.test", PmoRole.OrgAdmin, DisplayName: "Hana Privacyhr"), Password);
            await admin.AddUserAsync(new NewUser("", "desk@harbour.test", PmoRole.ProviderAdmin, Provider: "harbour-lane-training"), Password);
        }
        var tokens = App.Services.GetRequiredService<ApiTokens>();
        using var hr = Api((await tokens.CreateAsync("hana.privacy@acme.test", "tests", null)).Token);
        using var provider = Api((await tokens.CreateAsync("desk@harbour.test", "tests", null)).Token);

        // Sign-in through the form, as a browser.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(App.Urls.First()) };
        var signIn = await FormPost.SubmitAsync(browser, "/account/sign-in", "sign-in",
            [new("Input.Email", "hana.privacy@acme.test"), new("Input.Password", Password)]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var wrong = await FormPost.SubmitAsync(browser, "/account/sign-in", "sign-in",
            [new("Input.Email", "hana.privacy@acme.test"), new("Input.Password", "not the password at all")]);
        Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);

        // A staff import with one person.
        using var csv = new StringContent("employee_id,email,name,level\nEMP-90817,zelda.quixote@acme.test,Zelda Quixotic,2\n", Encoding.UTF8, "text/csv");
        var imported = await hr.PostAsync("/api/people/import", csv);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        Guid zelda;
        await using (var db = (await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System))
            zelda = await db.People.Where(p => p.EmployeeId == "EMP-90817").Select(p => p.Id).SingleAsync();

        // Twenty bookings of the same person at once: one place, nineteen conflicts.
        var published = await provider.PostAsJsonAsync("/api/sessions", SessionKit.Body(seats: 5, daysAhead: 50));
        var session = JsonDocument.Parse(await published.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookings = Enumerable.Range(0, 20).Select(async _ =>
        {
            await gate.Task;
            using var response = await hr.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = zelda });
            return response.StatusCode;
        }).ToList();
        gate.SetResult();
        var statuses = await Task.WhenAll(bookings);
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.Conflict));

        // Erasure.
        var erased = await hr.DeleteAsync($"/api/people/{zelda}");
        Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());

        var entries = _log.Entries;
        // EF Core reports the unique index that refuses a racing second booking (caught, answered 409) as an error of its
        // own; that entry names no person. Every other error entry fails the test.
        var errors = entries.Where(e => e.Level >= LogLevel.Error && !IsCaughtBookingConflict(e)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Level} {e.Category}: {e.Message}\n{e.Exception}")));
        var conflicts = entries.Where(e => e.Message.Contains("answered 409: ConflictException", StringComparison.Ordinal)).ToList();
        Assert.Equal(19, conflicts.Count);
        Assert.All(conflicts, e => Assert.Equal(LogLevel.Information, e.Level));
        foreach (var secret in new[] { "Zelda", "Quixot", "zelda.quixote@acme.test", "EMP-90817", "Hana Privacyhr", "hana.privacy@acme.test" })
        {
            var leaks = entries.Where(e => Contains(e, secret)).ToList();
            Assert.True(leaks.Count == 0, $"'{secret}' is in the log: {string.Join("\n", leaks.Select(e => $"{e.Category}: {e.Message}"))}");
        }
    }

    private static bool IsCaughtBookingConflict(LogEntry entry) =>
        entry.Category.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)
        && ((entry.Exception ?? entry.Message).Contains("UNIQUE constraint failed: Bookings.SessionId, Bookings.PersonId", StringComparison.Ordinal)
            || entry.Message.Contains("INSERT INTO \"Bookings\"", StringComparison.Ordinal));

    private static bool Contains(LogEntry entry, string secret) =>
        entry.Message.Contains(secret, StringComparison.OrdinalIgnoreCase)
        || (entry.Exception?.Contains(secret, StringComparison.OrdinalIgnoreCase) ?? false)
        || entry.Scopes.Values.Any(v => v.Contains(secret, StringComparison.OrdinalIgnoreCase));

    private HttpClient Api(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(App.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
