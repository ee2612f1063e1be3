using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Testing.Hostile;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Hostile;

/// <summary>
/// The staff import's CSV and the request headers, fed the shared corpus. A CSV cell holding a hostile value is
/// imported or refused with its line named and nothing imported; a formula-leading value that was imported comes
/// back neutralised in the table exports. A hostile header is never a 5xx and never comes back in the answer.
/// </summary>
public abstract partial class HostileInputTests
{
    private const string StaffHeader = "employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates";

    private static string Cell(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [Fact]
    public async Task Every_cell_of_the_staff_import_survives_the_corpus_and_exports_neutralise_formulas()
    {
        await world.AddOrganisationAsync("Hostimports");
        await world.AddAsync("hostile-import-hr", "Hostimports", PmoRole.OrgAdmin, name: "Ida Importer");
        using var hr = world.Api("hostile-import-hr");
        string[] valid = ["H1", "h1@hostimports.test", "Hana One", "Alpha", "", "PMO analyst", "2", "programme-office", ""];
        async Task<int> PeopleAsync()
        {
            await using var db = await SessionKit.SystemAsync(world.App);
            return await db.People.CountAsync(p => db.Organisations.Any(o => o.Id == p.OrganisationId && o.Name == "Hostimports"));
        }

        var failures = new List<string>();
        async Task PostAsync(string what, byte[] file, bool mayBeTaken)
        {
            var before = await PeopleAsync();
            using var content = new ByteArrayContent(file);
            content.Headers.ContentType = new("text/csv");
            using var response = await hr.PostAsync("/api/people/import", content);
            var answer = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500)
                failures.Add($"{what}: {status} {Shorten(answer)}");
            else if (status == 400)
            {
                var errors = JsonDocument.Parse(answer).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
                if (errors.Count == 0 || errors.Any(e => !LineKey().IsMatch(e)))
                    failures.Add($"{what}: 400 names no line: {Shorten(answer)}");
                if (await PeopleAsync() != before)
                    failures.Add($"{what}: refused, but people were written");
            }
            else if (status != 200 || !mayBeTaken)
                failures.Add($"{what}: {status} {Shorten(answer)}");
        }

        var row = 0;
        for (var column = 0; column < valid.Length; column++)
            foreach (var value in HostileCorpus.Text)
            {
                // Each row its own person, so an accepted value adds one and a refused one adds none.
                row++;
                var cells = valid.Select((c, i) => i == column ? value : i == 0 ? $"H{row}" : i == 1 ? $"h{row}@hostimports.test" : c);
                await PostAsync($"column {StaffHeader.Split(',')[column]}={HostileCorpus.Describe(value)}",
                    Encoding.UTF8.GetBytes(StaffHeader + "\n" + string.Join(',', cells.Select(Cell)) + "\n"), mayBeTaken: true);
            }

        var good = string.Join(',', valid.Select(Cell));
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        await PostAsync("invalid UTF-8 in a name", [.. Utf8(StaffHeader + "\nX1,x1@hostimports.test,\""), .. HostileCorpus.InvalidUtf8, .. Utf8("\",,,,2,,\n")], mayBeTaken: false);
        await PostAsync("a row with too many cells", Utf8($"{StaffHeader}\n{good},extra,cells\n"), mayBeTaken: false);
        await PostAsync("a row with too few cells", Utf8($"{StaffHeader}\nX2,x2@hostimports.test\n"), mayBeTaken: false);
        await PostAsync("a quote left open", Utf8($"{StaffHeader}\nX3,\"x3@hostimports.test,Open Quote,,,,2,,\n"), mayBeTaken: false);
        await PostAsync("a NUL line", Utf8($"{StaffHeader}\n\0\0\0\n"), mayBeTaken: false);
        var many = new StringBuilder(StaffHeader).Append('\n');
        for (var i = 0; i < 200_001; i++)
            many.Append('M').Append(i).Append(",m").Append(i).Append("@hostimports.test,M,,,,2,,\n");
        await PostAsync("200,001 rows", Utf8(many.ToString()), mayBeTaken: false);
        await PostAsync("a byte-order mark before the header", [0xEF, 0xBB, 0xBF, .. Utf8($"{StaffHeader}\nB1,b1@hostimports.test,Bea Bom,,,,2,,\n")], mayBeTaken: true);

        // A formula-leading name that the import took: every table export holds it neutralised.
        await PostAsync("a formula as the name", Utf8($"{StaffHeader}\nF1,f1@hostimports.test,\"=cmd|' /C calc'!A0\",Formula,,,2,,\n"), mayBeTaken: true);
        using var missing = await hr.GetAsync("/api/organisation/export/no-such-table.csv");
        var detail = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        var tables = detail[(detail.IndexOf("Tables: ", StringComparison.Ordinal) + 8)..detail.IndexOf(" (.csv", StringComparison.Ordinal)].Split(", ");
        Assert.NotEmpty(tables);
        var neutralised = 0;
        Guid formulaTeam;
        await using (var db = await SessionKit.SystemAsync(world.App))
            formulaTeam = await db.Teams.Where(t => t.Name == "Formula").Select(t => t.Id).SingleAsync();
        foreach (var url in tables.Select(t => $"/api/organisation/export/{t}.csv").Concat([$"/api/team/export/members.csv?teamId={formulaTeam}"]))
        {
            var csv = await hr.GetStringAsync(url);
            neutralised += csv.Contains("'=cmd", StringComparison.Ordinal) ? 1 : 0;
            if (FormulaCell().Match(csv) is { Success: true } formula)
                failures.Add($"{url} holds a formula cell: {formula.Value}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)));
        Assert.True(neutralised > 0, $"No export of {string.Join(", ", tables)} shows the imported formula team, neutralised.");
    }

    [GeneratedRegex(@"^line \d+")]
    private static partial Regex LineKey();

    /// <summary>A CSV cell (at a line start or after a comma, quoted or not) that begins with the imported formula.</summary>
    [GeneratedRegex("(?:^|,)\"?=cmd[^,\\n]*", RegexOptions.Multiline)]
    private static partial Regex FormulaCell();

    [Fact]
    public async Task Hostile_headers_are_never_a_5xx_nor_reflected()
    {
        var values = HostileCorpus.Text.Where(v => v.Length <= 8_000 && v.All(c => c is >= ' ' and <= '~')).Append(new string('x', 60_000)).Append("https").ToList();
        var headers = new[] { "Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Accept-Language", "Content-Type", "Cookie", "Accept", "Referer", "User-Agent" };
        var failures = new List<string>();
        foreach (var path in new[] { "/", "/courses", "/account/sign-in", "/api/courses", "/api/advice" })
            foreach (var header in headers)
                foreach (var value in values)
                {
                    using var client = world.Browser();
                    using var request = new HttpRequestMessage(path == "/api/advice" ? HttpMethod.Post : HttpMethod.Get, path);
                    if (request.Method == HttpMethod.Post)
                        request.Content = new StringContent("{\"level\":2,\"targetLevel\":3}", Encoding.UTF8, "application/json");
                    if (header == "Content-Type" && request.Content is not null)
                        request.Content.Headers.TryAddWithoutValidation("Content-Type", value);
                    else
                        request.Headers.TryAddWithoutValidation(header, value);
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.SendAsync(request);
                    }
                    catch (Exception e) when (e is HttpRequestException or FormatException or InvalidOperationException)
                    {
                        continue; // the client itself would not send it
                    }
                    using (response)
                    {
                        var answer = await response.Content.ReadAsStringAsync();
                        var what = $"{request.Method} {path} {header}: {HostileCorpus.Describe(value)}: {(int)response.StatusCode}";
                        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                            failures.Add($"{what} {Shorten(answer)}");
                        if (ActiveContentIn(answer) is { } active)
                            failures.Add($"{what} reflects {active}");
                        if (value.Length >= 8 && value != "9999-12-31" && value != "0001-01-01" && value != "2026-02-30"
                            && (answer.Contains(value, StringComparison.Ordinal) || response.Headers.Any(h => h.Value.Any(v => v.Contains(value, StringComparison.Ordinal)))))
                            failures.Add($"{what} reflects the value");
                        if (header.StartsWith("X-Forwarded", StringComparison.Ordinal) && response.Headers.Contains("Strict-Transport-Security"))
                            failures.Add($"{what} trusted a forwarded header from an unknown proxy (HSTS sent)");
                    }
                }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)));
    }
}
