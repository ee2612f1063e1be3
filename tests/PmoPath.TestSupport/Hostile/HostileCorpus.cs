using System.Text.Json;

namespace PmoPath.Testing.Hostile;

/// <summary>
/// The one list of hostile values every input surface is fed (JSON bodies, query strings, form posts, CSV cells,
/// framework files, Markdown, headers): huge, deep, extreme dates and numbers, control characters, markup and
/// script, formula-leading cells. A surface that cannot carry a value (a header cannot hold a line break) skips it.
/// </summary>
public static class HostileCorpus
{
    /// <summary>A marker each script-bearing value holds: it must never come back in a page unencoded.</summary>
    public static readonly string[] RawMarkers = ["<script>alert(", "<img src=x onerror", "<svg onload", "href=\"javascript:", "src=\"data:text/html"];

    /// <summary>The values as text.</summary>
    public static readonly string[] Text =
    [
        new string('x', 300_000),
        "\u0000\u0001\u001b[31m\u007f",
        "\u202eevil\ud83d\ude00\u200b",
        "\ufeffbom",
        "line\r\nbreak",
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "",
        "   ",
        "-1",
        "0",
        "2147483648",
        "-9223372036854775809",
        "1e308",
        "NaN",
        "0.000000000000000000000000000001",
        "'; drop table x; --",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "[x](javascript:alert(1)) <a href=\"javascript:alert(1)\">y</a>",
        "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) <iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
        string.Concat(Enumerable.Repeat("> ", 5_000)) + "deep",
        string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000)),
        "=cmd|' /C calc'!A0",
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+9)*cmd|' /C calc'!A0",
    ];

    /// <summary>The values as JSON: the text ones as strings, and the values of the wrong JSON type.</summary>
    public static readonly string[] Json =
    [
        .. Text.Select(t => JsonSerializer.Serialize(t)),
        "null",
        "true",
        "-1",
        "0",
        "2147483648",
        "-9223372036854775809",
        "1e308",
        "0.000000000000000000000000000001",
        "[]",
        "{}",
        string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000)),
        string.Concat(Enumerable.Repeat("{\"a\":", 2_000)) + "1" + string.Concat(Enumerable.Repeat("}", 2_000)),
    ];

    /// <summary>Bytes that are not UTF-8 (a lone continuation byte, an overlong form, a truncated sequence).</summary>
    public static readonly byte[] InvalidUtf8 = [0x41, 0x80, 0xC0, 0xAF, 0xE2, 0x82];

    /// <summary>Whether the HTML holds any of the script-bearing values unencoded.</summary>
    public static string? RawMarkerIn(string html) =>
        RawMarkers.FirstOrDefault(m => html.Contains(m, StringComparison.OrdinalIgnoreCase));

    public static string Describe(string value) =>
        JsonSerializer.Serialize(value.Length <= 40 ? value : $"{value[..20]}…({value.Length} chars)");
}
