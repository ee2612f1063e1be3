using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Demo;
using PmoPath.Testing.People;
using Xunit.Abstractions;

namespace PmoPath.Web.Tests.Pages;

/// <summary>
/// Pages write dates for people ("3 Dec 2026"); ISO dates stay in the API, the files, <c>time</c> elements'
/// <c>datetime</c> and form inputs. Each signed-in role walks every page it can reach from its landing page and the
/// pages those link to, over a demo organisation (renewals, plans, bookings, a team's overdue list), and no page's
/// text holds a yyyy-mm-dd date.
/// </summary>
public sealed partial class PageDatesAuditTests(SqlitePeopleWorld world, ITestOutputHelper output) : IClassFixture<SqlitePeopleWorld>
{
    private const int MaxPagesPerRole = 150;

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}-[01]\d-[0-3]\d(?!\d)")]
    private static partial Regex IsoDate();

    [Fact]
    public async Task No_page_a_signed_in_role_reaches_shows_an_iso_date_in_its_text()
    {
        DemoResult demo;
        await using (var scope = world.App.Services.CreateAsyncScope())
            demo = await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().CreateAsync(new DemoOptions(60, "Dates Audit", Seed: 3, Password: PeopleWorld.Password));
        var accounts = new List<(string Who, HttpClient Client)>
        {
            ("org-admin", await SignInAsync(demo.Accounts.First(a => a.Role == PmoRole.OrgAdmin).Email)),
            ("pmo-manager", await SignInAsync(demo.Accounts.First(a => a.Role == PmoRole.PmoManager).Email)),
            ("practitioner", await SignInAsync(demo.Accounts.First(a => a.Role == PmoRole.Practitioner).Email)),
            ("provider-admin", await world.SignInAsync("provider")),
            ("site-admin", await world.SignInAsync("admin")),
        };

        var found = new List<string>();
        var visited = 0;
        foreach (var (who, client) in accounts)
        {
            using (client)
            {
                var pages = await WalkAsync(client);
                visited += pages.Count;
                output.WriteLine($"{who}: {pages.Count} pages");
                foreach (var (path, text) in pages)
                    foreach (Match m in IsoDate().Matches(text))
                        found.Add($"{who} {path}: …{text[Math.Max(0, m.Index - 40)..Math.Min(text.Length, m.Index + 30)].ReplaceLineEndings(" ")}…");
            }
        }
        Assert.True(visited > 50, $"only {visited} pages were reached");
        Assert.True(found.Count == 0, string.Join("\n", found.Distinct().Take(40)));
    }

    /// <summary>The landing page, the home page and the pages they link to, then the pages those link to, up to a cap: each page's visible text.</summary>
    private async Task<List<(string Path, string Text)>> WalkAsync(HttpClient client)
    {
        var pages = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(string Path, int Depth)>();
        foreach (var start in new[] { "/", "/me", "/me/development", "/me/bookings", "/team", "/organisation", "/provider", "/people", "/jobs", "/articles" })
            if (seen.Add(start))
                queue.Enqueue((start, 0));
        var parser = new HtmlParser();
        while (queue.Count > 0 && pages.Count < MaxPagesPerRole)
        {
            var (path, depth) = queue.Dequeue();
            using var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            var document = parser.ParseDocument(await response.Content.ReadAsStringAsync());
            if (depth < 2)
                foreach (var link in document.QuerySelectorAll("a[href]"))
                {
                    var href = link.GetAttribute("href")!;
                    if (link.HasAttribute("download") || !IsPage(href) || !seen.Add(href))
                        continue;
                    queue.Enqueue((href, depth + 1));
                }
            // Inputs keep ISO (the browser's date controls need it); scripts and styles are not text a person reads.
            foreach (var hidden in document.QuerySelectorAll("script, style, textarea, input, select option[value]").ToList())
                if (hidden.LocalName != "option")
                    hidden.Remove();
            pages.Add((path, document.Body?.TextContent ?? ""));
        }
        return pages;
    }

    /// <summary>A page of this site reached by a plain link; not a download, a feed, the API or signing out.</summary>
    private static bool IsPage(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && !href.StartsWith("/api/", StringComparison.Ordinal)
        && !href.StartsWith("/account/", StringComparison.Ordinal) && !href.Contains("/export/", StringComparison.Ordinal)
        && !href.Contains('#', StringComparison.Ordinal)
        && !Regex.IsMatch(href, @"\.(ics|csv|xlsx|json|pdf|pptx|png|svg|css|js)(\?|$)");

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = world.Browser();
        var response = await PeopleWorld.PostFormAsync(client, "/account/sign-in", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = PeopleWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
