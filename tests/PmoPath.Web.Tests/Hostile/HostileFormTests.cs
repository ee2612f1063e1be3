using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing.Hostile;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Hostile;

/// <summary>
/// The pages' forms, posted as a browser would (antiforgery token, cookie), with each field in turn replaced by each
/// value of the shared corpus and by bytes that are not UTF-8. Whatever comes in: no 5xx; a refused post names the
/// field by the label the page shows it with, never by a code; a refused post writes nothing; and no script-bearing
/// value comes back unencoded, neither on the answer nor on the page a saved post leads to.
/// </summary>
public abstract partial class HostileInputTests
{
    private sealed record PageForm(string Caller, string Page, string Name, Dictionary<string, string> Valid, Func<Task<int>> Count);

    private async Task<List<PageForm>> FormsAsync()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 50, daysAhead: 45));
        var signIn = await world.AddAsync("hostile-sign-in", "Acme", PmoRole.Practitioner, "Alpha", "manager", "Hostile Signin");
        string Iso(int days) => SessionKit.Today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Func<Task<int>> Count<T>(Func<AppDbContext, IQueryable<T>> set) => async () =>
        {
            await using var db = await SessionKit.SystemAsync(world.App);
            return await set(db).CountAsync();
        };
        return
        [
            new("pat", "/me", "details", new()
            {
                ["Details.DisplayName"] = "Pat Practitioner", ["Details.JobTitle"] = "PMO analyst", ["Details.Level"] = "2", ["Details.TargetLevel"] = "3",
                ["Details.PmoType"] = "portfolio-office", ["Details.YearsInPmo"] = "2", ["Details.Avenue"] = "ManagingAPmo",
            }, Count(db => db.RecordChanges)),
            new("pat", "/me", "certificate", new()
            {
                ["Certificate.Code"] = "axelos-p3o-foundation", ["Certificate.AchievedOn"] = Iso(-100), ["Certificate.Number"] = "P3O-1",
            }, Count(db => db.Certificates)),
            new("pat", "/me/development", "add-item", new()
            {
                ["Add.CourseCode"] = "agile-pmo", ["Add.TargetDate"] = Iso(60), ["Add.Status"] = "Planned", ["Add.Notes"] = "Soon.",
            }, Count(db => db.PlanItems)),
            new("manager", $"/sessions/{session}", "book", new() { ["Book.PersonId"] = world["sam"].PersonId.ToString()! }, Count(db => db.Bookings)),
            new("provider", "/provider", "publish", new()
            {
                ["Publish.CourseCode"] = "agile-pmo", ["Publish.StartsOn"] = Iso(50), ["Publish.EndsOn"] = "", ["Publish.DailyStart"] = "09:30",
                ["Publish.DailyEnd"] = "16:30", ["Publish.TimeZone"] = "Europe/London", ["Publish.Delivery"] = "virtual", ["Publish.Venue"] = "Online",
                ["Publish.Seats"] = "6", ["Publish.Price"] = "450", ["Publish.Currency"] = "GBP", ["Publish.ExamOn"] = "", ["Publish.BookingDeadline"] = "",
                ["Publish.Notes"] = "Hostile", ["Publish.InHouseRequestId"] = "",
            }, Count(db => db.Sessions)),
            new("hr", "/jobs/new", "post-job", new()
            {
                ["Form.Title"] = "PMO Lead", ["Form.Level"] = "3", ["Form.PmoType"] = "programme-office", ["Form.Location"] = "York", ["Form.WorkMode"] = "Remote",
                ["Form.SalaryFrom"] = "40000", ["Form.SalaryTo"] = "50000", ["Form.Currency"] = "GBP", ["Form.OpensOn"] = Iso(0), ["Form.ClosesOn"] = Iso(20),
                ["Form.Certificates[axelos-p3o-foundation]"] = "true", ["Form.Competencies[reporting-analysis]"] = "2", ["Form.Description"] = "Lead.",
                ["Form.ApplyUrl"] = "https://example.org/apply",
            }, Count(db => db.Jobs)),
            new("admin", "/articles/new", "article", new()
            {
                ["Form.Title"] = "Hostile", ["Form.Slug"] = "hostile-form", ["Form.Summary"] = "s", ["Form.Categories"] = "Editors", ["Form.Levels[3]"] = "true",
                ["Form.Competencies[coaching]"] = "true", ["Form.Media[0].Kind"] = "Recording", ["Form.Media[0].Title"] = "Rec",
                ["Form.Media[0].Url"] = "https://example.org/rec", ["Form.Markdown"] = "Text.", ["Form.Published"] = "true",
            }, Count(db => db.Articles)),
            new("hr", "/people/invitations", "invite", new() { ["Chosen"] = world["sam"].PersonId.ToString()! }, Count(db => db.MailOutbox)),
            new("", "/career-guide", "career-guide", new()
            {
                ["Input.Level"] = "2", ["Input.TargetLevel"] = "3", ["Input.PmoType"] = "portfolio-office", ["Input.YearsInPmo"] = "2",
                ["Input.TrainingDaysPerYear"] = "5", ["Input.BudgetPerYear"] = "2000", ["Input.AsOf"] = Iso(0),
                ["Input.Achieved[axelos-p3o-foundation]"] = Iso(-30), ["Input.Completed[agile-pmo]"] = "true", ["Input.Ratings[reporting-analysis]"] = "2",
            }, () => Task.FromResult(0)),
            new("", "/account/sign-in", "sign-in", new() { ["Input.Email"] = signIn.Email, ["Input.Password"] = PeopleWorld.Password }, () => Task.FromResult(0)),
        ];
    }

    [Fact]
    public async Task Every_field_of_every_page_form_survives_the_corpus()
    {
        var failures = new List<string>();
        var posts = 0;
        foreach (var form in await FormsAsync())
        {
            using var client = form.Caller.Length == 0 ? world.Browser() : await world.SignInAsync(form.Caller);
            var page = await client.GetStringAsync(form.Page);
            var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value);
            var labels = Labels(page);
            var values = HostileCorpus.Text.Select(v => (Text: v, Encoded: Uri.EscapeDataString(v)))
                .Append(("<invalid UTF-8>", string.Concat(HostileCorpus.InvalidUtf8.Select(b => $"%{b:X2}"))));
            foreach (var field in form.Valid.Keys)
                foreach (var (text, encoded) in values)
                {
                    var fields = form.Valid.Select(p => p.Key == field ? (p.Key, encoded) : (p.Key, Uri.EscapeDataString(Unique(form, p.Key, p.Value, posts))));
                    var body = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={f.Item2}")
                        .Append($"_handler={form.Name}").Append($"__RequestVerificationToken={Uri.EscapeDataString(token)}"));
                    var before = await form.Count();
                    using var response = await client.PostAsync(form.Page, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
                    posts++;
                    var answer = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    var what = $"{form.Page} {form.Name} {field}={HostileCorpus.Describe(text)}: {status}";
                    if (answer.Length == 0)
                        answer = $"(empty; {string.Join(' ', response.Headers.Select(h => h.Key))})";
                    if (status >= 500 || status == 429)
                        failures.Add($"{what} {Shorten(answer)}");
                    if (ActiveContentIn(answer) is { } raw)
                        failures.Add($"{what} reflects {raw}");
                    if (status == 400)
                    {
                        if (await form.Count() != before)
                            failures.Add($"{what} refused, but something was written");
                        var named = Named(answer);
                        // Sign-in's own refusal names no field (it says nothing about accounts); one of U+0000 does.
                        if ((form.Name != "sign-in" || text.Contains('\0', StringComparison.Ordinal)) && named.Count == 0)
                            failures.Add($"{what} names nothing: {Shorten(answer)}");
                        else if (named.FirstOrDefault(n => !labels.Contains(n)) is { } code)
                            failures.Add($"{what} names '{code}', which is no label of the form");
                    }
                    if (form.Name == "sign-in" && status is 302 or 303)
                        failures.Add($"{what} signed in");
                    else if (status is 302 or 303 && response.Headers.Location is { } next)
                    {
                        using var landing = await client.GetAsync(next);
                        var html = await landing.Content.ReadAsStringAsync();
                        if ((int)landing.StatusCode >= 500)
                            failures.Add($"{what} then {next}: {(int)landing.StatusCode}");
                        if (ActiveContentIn(html) is { } shown)
                            failures.Add($"{what} then {next} shows {shown}");
                    }
                }
        }
        // One line per form, field and kind of failure, with the first value that showed it and how many did.
        var kinds = failures.GroupBy(f => ValueOf().Replace(f, "…"), StringComparer.Ordinal)
            .Select(g => $"{g.First()}  [{g.Count()} values]");
        Assert.True(failures.Count == 0, $"{failures.Count} failures in {posts} posts:\n" + string.Join("\n", kinds.Take(80)));
    }

    /// <summary>
    /// Script a hostile value could have smuggled into the page: a script element or event handler that calls alert,
    /// or a link, image or frame whose address is javascript: or data:. The page's own markup has none of these.
    /// </summary>
    internal static string? ActiveContentIn(string html)
    {
        if (html.Contains("<script>alert(", StringComparison.OrdinalIgnoreCase))
            return "<script>alert(";
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            if (element.LocalName == "script" && element.TextContent.Contains("alert(", StringComparison.Ordinal))
                return "a script element";
            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    return $"<{element.LocalName} {attribute.Name}>";
                if (attribute.Name is "href" or "src" or "action" or "formaction"
                    && (attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                        || attribute.Value.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase)))
                    return $"<{element.LocalName} {attribute.Name}=\"{attribute.Value[..Math.Min(20, attribute.Value.Length)]}\">";
            }
        }
        return null;
    }

    /// <summary>Values that must differ from post to post so that an accepted one does not make the next a duplicate.</summary>
    private static string Unique(PageForm form, string key, string value, int post) =>
        key is "Form.Slug" ? $"{value}-{post}" : key is "Form.Title" && form.Name == "article" ? $"{value} {post}" : value;

    /// <summary>The names a refused post gives its fields: the field spans of the error list, or the career guide's linked labels.</summary>
    private static List<string> Named(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        return
        [
            .. document.QuerySelectorAll("[role=alert] .field").Select(e => e.TextContent.Trim()),
            .. document.QuerySelectorAll("[role=alert] li[data-field]").Select(e => (e.QuerySelector("a")?.TextContent ?? e.TextContent.Split(':')[0]).Trim()),
        ];
    }

    /// <summary>The labels a page shows for its fields: label elements, legends, aria-labels, and the headings of its sections.</summary>
    private static HashSet<string> Labels(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        return
        [
            .. document.QuerySelectorAll("label").Select(l => l.TextContent.Trim()),
            .. document.QuerySelectorAll("legend").Select(l => l.TextContent.Trim()),
            .. document.QuerySelectorAll("[aria-label]").Select(e => e.GetAttribute("aria-label")!.Trim()),
            .. document.QuerySelectorAll("h2").Select(e => e.TextContent.Trim()),
        ];
    }

    [GeneratedRegex("=\"(?:[^\"\\\\]|\\\\.)*\": \\d+")]
    private static partial Regex ValueOf();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex AntiforgeryToken();
}
