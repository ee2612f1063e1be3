using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Framework;
using PmoPath.Testing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace PmoPath.Web.Tests.Catalog;

/// <summary>
/// The career-path picture as a PDF, fetched over HTTP from the real app and read back by an independent PDF reader
/// (PdfPig): one A4 landscape page whose text holds every level and every certification of the framework in the
/// database, by title, in the bundled font; linked from the home page and the articles that feature the picture.
/// </summary>
public abstract partial class CareerPathPdfTests(AppFixture fixture)
{
    [Fact]
    public async Task The_PDF_is_one_A4_landscape_page_naming_every_level_and_every_certification_by_title()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var response = await anonymous.GetAsync("/career-path.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pmo-career-path.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var page = pdf.GetPage(1);
        // A4 landscape: 297 × 210 mm is 842 × 595 points.
        Assert.InRange(page.Width, 841, 843);
        Assert.InRange(page.Height, 594, 596);
        // In the order drawn, so a title wrapped over two lines of its cell reads as one.
        var text = Normalise(ContentOrderTextExtractor.GetText(page));

        var framework = await fixture.App.Services.GetRequiredService<FrameworkStore>().GetAsync();
        Assert.Equal(4, framework.Levels.Count);
        foreach (var level in framework.Levels)
        {
            Assert.Contains($"Level {level.Number}", text, StringComparison.Ordinal);
            Assert.Contains(Normalise(level.Name), text, StringComparison.Ordinal);
        }
        var certifications = framework.Courses.Where(c => c.IsCertification).ToList();
        Assert.True(certifications.Count >= 10, $"only {certifications.Count} certifications in the framework");
        var missing = certifications.Where(c => !text.Contains(Normalise(c.Title), StringComparison.Ordinal)).Select(c => c.Title).ToList();
        Assert.True(missing.Count == 0, $"the PDF does not name: {string.Join(", ", missing)}");
        foreach (var body in new[] { "House of PMO", "AXELOS", "AIPMO", "Specialist courses" })
            Assert.Contains(body, text, StringComparison.Ordinal);
        // Titles, never codes; and certifications held elsewhere are not part of the path.
        Assert.DoesNotContain(framework.Courses, c => text.Contains(c.Code, StringComparison.Ordinal));
        Assert.DoesNotContain("PRINCE2", text, StringComparison.Ordinal);

        // Every letter is set in the font bundled with the app, embedded as a subset (the "ABCDEF+" prefix): no
        // server font was needed, and a reader needs none either.
        var fonts = page.Letters.Select(l => l.FontName).Distinct().ToList();
        Assert.Equal(2, fonts.Count);
        Assert.All(fonts, f => Assert.Matches(EmbeddedLiberationSans(), f));
        Assert.Equal("The PMO career path: certifications by level", pdf.Information.Title);
    }

    [Fact]
    public async Task The_home_page_and_the_articles_featuring_the_picture_offer_the_PDF_beside_the_SVG()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        foreach (var address in new[] { "/", "/articles/taking-ownership-of-your-pmo-career", "/articles/beta-pmos-insight-from-the-expert-course" })
        {
            var html = await anonymous.GetStringAsync(address);
            Assert.Contains("href=\"/career-path.svg\"", html, StringComparison.Ordinal);
            Assert.Matches(PdfLink(), html);
        }
    }

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[A-Z]{6}\+Liberation Sans(,Bold)?$")]
    private static partial Regex EmbeddedLiberationSans();

    [GeneratedRegex("""<a href="/career-path.pdf"[^>]*>Download \(PDF\)</a>""")]
    private static partial Regex PdfLink();
}

public sealed class CareerPathPdfOnSqliteTests(SqliteAppFixture fixture) : CareerPathPdfTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class CareerPathPdfOnPostgresTests(PostgresAppFixture fixture) : CareerPathPdfTests(fixture), IClassFixture<PostgresAppFixture>;
