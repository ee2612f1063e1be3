using Microsoft.Playwright;
using PmoPath.Testing.People;

namespace PmoPath.Browser.Tests.People;

/// <summary>
/// The app over a fresh SQLite database seeded with two organisations (see <see cref="PeopleWorld"/>),
/// and Debian's Chromium driven by Playwright's bundled driver (never <c>playwright install</c>).
/// </summary>
public sealed class PeopleBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public SqlitePeopleWorld World { get; } = new();
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await World.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) signed in through the sign-in page.</summary>
    public Task<IPage> SignInAsync(string key) => SignInAsAsync(World[key].Email, World[key].Password);

    /// <summary>The same for any account, such as one of a demo organisation.</summary>
    public async Task<IPage> SignInAsAsync(string email, string password)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = World.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Each role lands on its own page (a practitioner on /me/development, a manager on /team, …). The wait is
        // longer than Playwright's default because the four test projects share two cores in a full run; if the
        // browser is still on the sign-in form after it, the failure shows what the form said.
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
        }
        catch (TimeoutException)
        {
            var text = await page.EvaluateAsync<string>("document.body.innerText");
            throw new InvalidOperationException($"Signing in as {email} did not leave {page.Url} within 90 s. The page said:\n{text}");
        }
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await World.DisposeAsync();
    }
}
