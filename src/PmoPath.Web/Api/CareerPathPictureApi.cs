using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Web.Api;

/// <summary>The printable career-path picture at stable addresses, as SVG and as PDF, drawn from the framework on each request.</summary>
public static class CareerPathPictureApi
{
    public const string Path = "/career-path.svg";
    public const string PdfPath = "/career-path.pdf";

    public static IEndpointRouteBuilder MapCareerPathPicture(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Picture).WithTags("Catalogue")
            .WithSummary("The PMO career path as a printable SVG: the four levels with each body's certifications by level and the specialist courses.")
            .Produces<string>(StatusCodes.Status200OK, contentType: "image/svg+xml");
        app.MapGet(PdfPath, Pdf).WithTags("Catalogue")
            .WithSummary("The same PMO career path as a PDF to download and print: one A4 landscape page with the four levels and each body's certifications by level.")
            .Produces<byte[]>(StatusCodes.Status200OK, contentType: "application/pdf");
        return app;
    }

    public static async Task<IResult> Picture(FrameworkStore store, HttpContext context, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        context.Response.Headers.ContentDisposition = "inline; filename=\"pmo-career-path.svg\"";
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(CareerPathPicture.Render(framework), "image/svg+xml; charset=utf-8");
    }

    public static async Task<IResult> Pdf(FrameworkStore store, CareerPathPdfs pdfs, HttpContext context, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.File(pdfs.For(framework), "application/pdf", "pmo-career-path.pdf");
    }
}

/// <summary>
/// The career-path PDF of the framework snapshot drawn last. Laying out the page takes tens of milliseconds, so it is
/// drawn once per snapshot (the framework store hands out the same one until the framework changes), not per request.
/// </summary>
public sealed class CareerPathPdfs(TimeProvider clock)
{
    private sealed record Drawn(FrameworkSnapshot Framework, byte[] Pdf);

    private Drawn? _drawn;

    public byte[] For(FrameworkSnapshot framework)
    {
        if (_drawn is { } drawn && ReferenceEquals(drawn.Framework, framework))
            return drawn.Pdf;
        var pdf = CareerPathPdf.Render(CareerPathPicture.Describe(framework), clock.GetUtcNow());
        _drawn = new Drawn(framework, pdf);
        return pdf;
    }
}
