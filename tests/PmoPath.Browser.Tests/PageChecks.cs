using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PmoPath.Browser.Tests;

/// <summary>
/// What every page the browser tests visit must get right, checked on the page as it stands: no unrendered
/// <c>{placeholder}</c> in its visible text, and no axe-core violation at desktop width and at 390 px (a phone).
/// Call <see cref="AssertCleanAsync"/> after each page visit; the viewport is put back afterwards.
/// </summary>
public static partial class PageChecks
{
    public const int DesktopWidth = 1280;
    public const int PhoneWidth = 390;

    /// <summary>axe-core as npm installed it under tests/tools (pinned there by its lockfile).</summary>
    public static string AxePath { get; } = FindAxe();

    /// <summary>Checks the page as loaded now: placeholders, then axe at both widths.</summary>
    public static async Task AssertCleanAsync(IPage page)
    {
        await AssertNoPlaceholdersAsync(page);
        if (await ScriptRunsAsync(page))
        {
            await AssertNoAxeViolationsAsync(page);
            return;
        }
        // The app's Content-Security-Policy allows no inline script (so axe cannot be added to the page), and a test
        // that proves a page needs no script browses without any. axe is then run on the same address in a context
        // that runs script and lets the test add it, with the same cookies and viewport.
        var state = await page.Context.StorageStateAsync();
        var size = page.ViewportSize;
        await using var scripted = await page.Context.Browser!.NewContextAsync(new()
        {
            StorageState = state,
            ViewportSize = size is null ? null : new() { Width = size.Width, Height = size.Height },
            JavaScriptEnabled = true,
            BypassCSP = true,
        });
        var twin = await scripted.NewPageAsync();
        await twin.GotoAsync(page.Url);
        Assert.True(await ScriptRunsAsync(twin), $"axe-core could not run on {page.Url}: script does not run even with the page's policy bypassed.");
        await AssertNoAxeViolationsAsync(twin);
    }

    private static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        var viewport = page.ViewportSize;
        var problems = new List<string>();
        foreach (var (width, height) in new[] { (DesktopWidth, 900), (PhoneWidth, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            problems.AddRange((await AxeViolationsAsync(page)).Select(v => $"at {width} px: {v}"));
        }
        if (viewport is not null)
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        Assert.True(problems.Count == 0, $"axe-core found {problems.Count} violation(s) on {page.Url}:\n{string.Join("\n", problems)}");
    }

    private static async Task<bool> ScriptRunsAsync(IPage page)
    {
        try
        {
            // An inline script only runs where the context allows script and the page's policy allows inline
            // script (or the context bypasses it); evaluation from outside always does.
            return await page.EvaluateAsync<bool>("""
                (() => { const s = document.createElement('script'); s.textContent = 'window.__scriptRuns = true'; document.head.appendChild(s); s.remove(); return window.__scriptRuns === true; })()
                """);
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }

    /// <summary>Fails when the page's visible text or title holds a <c>{name}</c> left unrendered.</summary>
    public static async Task AssertNoPlaceholdersAsync(IPage page)
    {
        var text = await page.EvaluateAsync<string>("document.title + '\\n' + document.body.innerText");
        var found = Placeholders(text);
        Assert.True(found.Count == 0, $"{page.Url} shows unrendered placeholders: {string.Join(", ", found)}");
    }

    /// <summary>The <c>{camelCase}</c>-style placeholders in a text, such as <c>{certificationDueAfterYears}</c>.</summary>
    public static IReadOnlyList<string> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Runs axe-core on the page (WCAG 2.x A and AA, and best practice) and describes each violation with its elements.</summary>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("typeof window.axe !== 'undefined'"))
            await page.AddScriptTagAsync(new() { Path = AxePath });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' '))
              })));
            }
            """);
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(v =>
            $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n    " +
            string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))];
    }

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "tools", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException(
            "axe-core is not installed: run `npm ci` in tests/tools (.ci/run does) to get tests/tools/node_modules/axe-core/axe.min.js.");
    }

    [GeneratedRegex(@"\{[A-Za-z][A-Za-z0-9_.-]*\}")]
    private static partial Regex Placeholder();
}
