using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Web.Api;

/// <summary>The printable career-path picture at a stable address, drawn from the framework on each request.</summary>
public static class CareerPathPictureApi
{
    public const string Path = "/career-path.svg";

    public static IEndpointRouteBuilder MapCareerPathPicture(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Picture).WithTags("Catalogue")
            .WithSummary("The PMO career path as a printable SVG: the four levels with each body's certifications by level and the specialist courses.")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml");
        return app;
    }

    public static async Task<IResult> Picture(FrameworkStore store, HttpContext context, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        context.Response.Headers.ContentDisposition = "inline; filename=\"pmo-career-path.svg\"";
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(CareerPathPicture.Render(framework), "image/svg+xml; charset=utf-8");
    }
}
