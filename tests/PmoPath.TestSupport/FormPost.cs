using System.Net;
using System.Text.RegularExpressions;

namespace PmoPath.Testing;

/// <summary>
/// Posts a server-rendered form as a browser would: fetch the page for its antiforgery token (the client
/// keeps the cookie), then post the fields with the form's handler name.
/// </summary>
public static partial class FormPost
{
    public static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var page = await client.GetAsync(path);
        if (page.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path} answered {(int)page.StatusCode}.");
        var html = await page.Content.ReadAsStringAsync();
        var token = Token().Match(html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"{path} has no antiforgery token.");
        var body = new List<KeyValuePair<string, string>>
        {
            new("_handler", formName),
            new("__RequestVerificationToken", token),
        };
        body.AddRange(fields);
        using var content = new FormUrlEncodedContent(body);
        return await client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex Token();
}
