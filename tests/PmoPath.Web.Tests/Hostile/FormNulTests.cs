using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Hostile;

/// <summary>
/// A U+0000 in a page form's field (which ASP.NET Core's form reader refuses with a bare 400 before the page runs) is
/// answered with the page's form again, a 400 and an error naming the field by its label, and nothing is saved.
/// </summary>
public abstract class FormNulTests(PeopleWorld world)
{
    [Fact]
    public async Task My_record_names_the_field_and_saves_nothing()
    {
        using var client = await world.SignInAsync("pat");
        var before = await DisplayNameAsync("pat");
        var changes = await RecordChangesAsync();
        var response = await PeopleWorld.PostFormAsync(client, "/me", "details", new()
        {
            ["Details.DisplayName"] = "Pat\0Null", ["Details.JobTitle"] = "PMO analyst", ["Details.Level"] = "2", ["Details.TargetLevel"] = "3",
            ["Details.PmoType"] = "portfolio-office", ["Details.YearsInPmo"] = "2", ["Details.Avenue"] = "ManagingAPmo",
        });

        var html = await AssertRefusedAsync(response, "Details.DisplayName", "Name");
        Assert.Contains("name=\"Details.DisplayName\"", html, StringComparison.Ordinal); // the form again
        Assert.Equal(before, await DisplayNameAsync("pat"));
        Assert.Equal(changes, await RecordChangesAsync());
    }

    [Fact]
    public async Task Publishing_a_session_names_the_field_and_saves_nothing()
    {
        using var client = await world.SignInAsync("provider");
        var before = await CountSessionsAsync();
        var starts = SessionKit.Today.AddDays(50).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var response = await PeopleWorld.PostFormAsync(client, "/provider", "publish", new()
        {
            ["Publish.CourseCode"] = "agile-pmo", ["Publish.StartsOn"] = starts, ["Publish.EndsOn"] = "", ["Publish.DailyStart"] = "09:30",
            ["Publish.DailyEnd"] = "16:30", ["Publish.TimeZone"] = "Europe/London", ["Publish.Delivery"] = "virtual", ["Publish.Venue"] = "On\0line",
            ["Publish.Seats"] = "6", ["Publish.Price"] = "450", ["Publish.Currency"] = "GBP", ["Publish.ExamOn"] = "", ["Publish.BookingDeadline"] = "",
            ["Publish.Notes"] = "Nul", ["Publish.InHouseRequestId"] = "",
        });

        var html = await AssertRefusedAsync(response, "Publish.Venue", null);
        Assert.Contains("name=\"Publish.Venue\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountSessionsAsync());
    }

    [Fact]
    public async Task Signing_in_names_the_field_and_signs_no_one_in()
    {
        using var client = world.Browser();
        var response = await PeopleWorld.PostFormAsync(client, "/account/sign-in", "sign-in",
            new() { ["Input.Email"] = world["sam"].Email + "\0", ["Input.Password"] = PeopleWorld.Password });

        var html = await AssertRefusedAsync(response, "Input.Email", "Email");
        Assert.Contains("name=\"Input.Password\"", html, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("pmopath=", StringComparison.Ordinal)), "signed in");
    }

    [Fact]
    public async Task Article_feedback_names_the_box_and_saves_nothing()
    {
        using var client = await world.SignInAsync("pat");
        var slug = await PublishedArticleAsync();
        int before;
        await using (var db = await SessionKit.SystemAsync(world.App))
            before = await db.ArticleFeedback.CountAsync();
        var response = await PeopleWorld.PostFormAsync(client, $"/articles/{slug}", "feedback", new() { ["FeedbackText"] = "Too\0short" });

        await AssertRefusedAsync(response, "FeedbackText", "How can we improve this article?");
        await using (var db = await SessionKit.SystemAsync(world.App))
            Assert.Equal(before, await db.ArticleFeedback.CountAsync());
    }

    [Fact]
    public async Task The_career_guide_names_the_field_by_its_label()
    {
        using var client = world.Browser();
        var response = await PeopleWorld.PostFormAsync(client, "/career-guide", "career-guide", new()
        {
            ["Input.Level"] = "2\0", ["Input.TargetLevel"] = "3", ["Input.PmoType"] = "portfolio-office", ["Input.YearsInPmo"] = "2",
        });
        await AssertRefusedAsync(response, "Input.Level", "The level you work at");
    }

    /// <summary>A 400 with the page (its form) and one error item for <paramref name="field"/>, showing its label.</summary>
    private static async Task<string> AssertRefusedAsync(HttpResponseMessage response, string field, string? label)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var document = new HtmlParser().ParseDocument(html);
        Assert.NotNull(document.QuerySelector("form[method=post]"));
        var item = document.QuerySelector($"[role=alert] li[data-field='{field}']");
        Assert.True(item is not null, $"no error names {field}: {document.QuerySelector("[role=alert]")?.TextContent ?? html[..Math.Min(html.Length, 400)]}");
        Assert.Contains("control characters are not allowed", item.TextContent, StringComparison.Ordinal);
        var shown = (item.QuerySelector(".field") ?? item.QuerySelector("a"))?.TextContent.Trim();
        if (label is not null)
            Assert.Equal(label, shown);
        // Whatever the label, it is one the page shows for a field.
        Assert.Contains(document.QuerySelectorAll("label"), l => l.TextContent.Trim() == shown);
        return html;
    }

    private async Task<string?> DisplayNameAsync(string key)
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        return await db.People.Where(p => p.Id == world[key].PersonId).Select(p => p.DisplayName).SingleAsync();
    }

    private async Task<string> PublishedArticleAsync()
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        return await db.Articles.Where(a => a.Published).OrderBy(a => a.Slug).Select(a => a.Slug).FirstAsync();
    }

    private async Task<int> RecordChangesAsync()
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        return await db.RecordChanges.CountAsync();
    }

    private async Task<int> CountSessionsAsync()
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        return await db.Sessions.CountAsync();
    }
}

public sealed class FormNulOnSqliteTests(SqlitePeopleWorld world) : FormNulTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class FormNulOnPostgresTests(PostgresPeopleWorld world) : FormNulTests(world), IClassFixture<PostgresPeopleWorld>;
