using Microsoft.Playwright;
using PmoPath.Testing;

namespace PmoPath.Browser.Tests;

/// <summary>
/// The real app and one headless Chromium, shared by the tests of one class. Chromium is Debian's
/// (<c>/usr/bin/chromium</c>); Playwright's bundled driver talks to it, and nothing is downloaded.
/// If either cannot start, the tests fail with a message saying what to install, rather than skip.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The flags that work on these machines (no sandbox as root, no GPU, no network chatter).</summary>
    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Where the tests leave screenshots for a person to look at.</summary>
    public static readonly string ScreenshotFolder = Path.Combine(Path.GetTempPath(), "pmopath-screenshots");

    private TestApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public TestApp App => _app ?? throw new InvalidOperationException("The app has not started.");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}. Install Debian's package (apt-get install chromium); " +
                "the browser tests never download a browser.");

        try
        {
            _playwright = await Playwright.CreateAsync();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                "Playwright's driver did not start. It ships in the Microsoft.Playwright package and is copied next to the test " +
                $"assembly under .playwright/ ({Path.Combine(AppContext.BaseDirectory, ".playwright")}); rebuild the test project " +
                $"and check that folder and its node binary. Underlying error: {ex.Message}", ex);
        }

        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = ChromiumArgs, Headless = true });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"Chromium at {ChromiumPath} did not start under Playwright: {ex.Message}", ex);
        }

        _app = await TestApp.StartAsync();
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A fresh browser context (own cookies, own viewport) on the app; dispose it at the end of the test.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900, bool javaScript = true) =>
        Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
        });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
