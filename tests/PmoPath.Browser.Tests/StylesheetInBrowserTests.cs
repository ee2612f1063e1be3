using System.Text.Json;
using Microsoft.Playwright;

namespace PmoPath.Browser.Tests;

/// <summary>
/// The stylesheet parses cleanly in the browser's own CSS parser. An unclosed block does not show as an error:
/// the parser silently nests or drops every rule after it, so the test asks the parser what it made of the file.
/// </summary>
public sealed class StylesheetInBrowserTests(BrowserApp site) : IClassFixture<BrowserApp>
{
    /// <summary>
    /// Parses CSS text with the browser's parser (a constructed CSSStyleSheet) and reports what a clean file
    /// would not give: a sentinel rule appended at the end that does not come out as the last top-level rule
    /// (an unclosed block swallowed it), or a style rule holding nested rules (this stylesheet does not use
    /// nesting, so a nested rule is a rule caught inside a block left open).
    /// </summary>
    private const string ParseScript = """
        text => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(text + '\n.css-parse-sentinel { color: red; }');
          const problems = [];
          const rules = [...sheet.cssRules];
          const last = rules[rules.length - 1];
          if (!(last instanceof CSSStyleRule) || last.selectorText !== '.css-parse-sentinel')
            problems.push('a rule appended after the end is not a top-level rule: a block is left open');
          const walk = (list, where) => {
            for (const rule of list) {
              if (rule instanceof CSSStyleRule && rule.cssRules && rule.cssRules.length > 0)
                problems.push(`"${rule.selectorText}"${where} holds ${rule.cssRules.length} nested rule(s), starting "${rule.cssRules[0].cssText.slice(0, 80)}"`);
              else if (rule.cssRules)
                walk(rule.cssRules, ` in ${rule.cssText.split('{')[0].trim()}`);
            }
          };
          walk(rules, '');
          return JSON.stringify({ problems, topLevel: rules.length - 1 });
        }
        """;

    [Fact]
    public async Task Site_css_parses_cleanly_and_every_rule_reaches_the_page()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var text = await (await page.APIRequest.GetAsync("/css/site.css")).TextAsync();

        var (problems, topLevel) = await ParseAsync(page, text);

        Assert.True(problems.Count == 0, "site.css does not parse cleanly:\n" + string.Join("\n", problems));
        // The page's own sheet holds the same rules as the file parsed alone.
        var live = await page.EvaluateAsync<int>("[...document.styleSheets].find(s => s.href && s.href.endsWith('/css/site.css')).cssRules.length");
        Assert.Equal(topLevel, live);
        // The heat map's colours come near the end of the file, after the block that was once left open.
        Assert.True(await page.EvaluateAsync<bool>(
            "[...document.styleSheets].some(s => [...s.cssRules].some(r => r.selectorText === '.heatmap .gap-4' && r.style.backgroundColor !== ''))"));
    }

    [Fact]
    public async Task The_check_fails_on_a_block_left_open()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var (problems, _) = await ParseAsync(page, ".a { color: red; }\n.month-grid ul {\n  margin: 0;\n.b { color: blue; }\n.c { color: green; }\n");

        Assert.NotEmpty(problems);
        var (clean, count) = await ParseAsync(page, ".a { color: red; }\n.b { color: blue; }\n@media print { .c { display: none; } }\n");
        Assert.Empty(clean);
        Assert.Equal(3, count);
    }

    private static async Task<(List<string> Problems, int TopLevel)> ParseAsync(IPage page, string css)
    {
        using var result = JsonDocument.Parse(await page.EvaluateAsync<string>(ParseScript, css));
        return ([.. result.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!)], result.RootElement.GetProperty("topLevel").GetInt32());
    }
}
