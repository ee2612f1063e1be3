using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Framework;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Pages;

/// <summary>
/// The real app over a fresh SQLite file, shared by the tests of one class. Pages are fetched over HTTP
/// and parsed as a browser would, so the tests assert what a person sees, not what a component holds.
/// </summary>
public sealed class PageApp : IAsyncLifetime
{
    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The framework as the app serves it, to compute expectations from data rather than copy it.</summary>
    public FrameworkSnapshot Framework { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        Framework = await _app.Services.GetRequiredService<FrameworkStore>().GetAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    public async Task<HtmlPage> GetAsync(string path)
    {
        using var response = await App.Client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var document = await new HtmlParser().ParseDocumentAsync(html);
        return new HtmlPage(path, response.StatusCode, response.Content.Headers.ContentType?.MediaType, document);
    }
}

public sealed partial record HtmlPage(string Path, HttpStatusCode Status, string? MediaType, IHtmlDocument Document)
{
    public IElement Main => Document.QuerySelector("main") ?? throw new InvalidOperationException($"{Path} has no <main>.");

    public string H1 => Text(Document.QuerySelector("h1"));

    /// <summary>The section introduced by the h2 with this text (matched loosely, ignoring case).</summary>
    public IElement Section(string heading)
    {
        var h2 = Document.QuerySelectorAll("h2").FirstOrDefault(h => Text(h).Contains(heading, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{Path} has no h2 '{heading}'; it has: {string.Join(" | ", Document.QuerySelectorAll("h2").Select(Text))}");
        return h2.Closest("section, .notice, .panel") ?? h2.ParentElement!;
    }

    /// <summary>The value next to a label in a definition list of facts.</summary>
    public string Fact(string term)
    {
        var dt = Main.QuerySelectorAll("dt").FirstOrDefault(d => Text(d).Equals(term, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{Path} shows no fact '{term}'.");
        return Text(dt.NextElementSibling);
    }

    public IReadOnlyList<string> Links(IElement? within = null) =>
        [.. (within ?? Document.DocumentElement).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)];

    /// <summary>Text as a person reads it: whitespace collapsed.</summary>
    public static string Text(INode? node) => node is null ? "" : Spaces().Replace(node.TextContent, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
