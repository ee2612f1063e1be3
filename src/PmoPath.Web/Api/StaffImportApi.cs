using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PmoPath.Accounts;
using PmoPath.Staff;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// <c>POST /api/people/import</c>: an org-admin brings the organisation's staff in from the HR system's CSV
/// file (columns in the README), sent as a <c>text/csv</c> body or as the <c>file</c> part of a multipart form.
/// The rules are <see cref="StaffImport"/>'s; a refused file is a 400 whose errors are keyed by line and column.
/// </summary>
public static class StaffImportApi
{
    /// <summary>The largest request taken: the file limit of <see cref="StaffFile.MaxBytes"/> and room for a multipart envelope.</summary>
    public const long MaxRequestBytes = StaffFile.MaxBytes + 64 * 1024;

    public static IEndpointRouteBuilder MapStaffImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/people/import", Import).WithTags("People")
            .RequireAuthorization(WebAuthSetup.ApiPolicy)
            // A bearer-token API: no cookie is accepted, so there is nothing for a forged form to ride on.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .Accepts<string>("text/csv", "multipart/form-data")
            .WithSummary("Import the organisation's staff from a CSV file (org-admin): ?removeMissing=true erases people missing from it, ?dryRun=true only checks. Errors are keyed 'line 7: level'.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Ok<StaffImportSummary>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest request, Caller caller, StaffImport import, bool? removeMissing, bool? dryRun, CancellationToken ct)
    {
        if (caller.OrganisationId is not { } organisation)
            throw new ForbiddenException("Only an org-admin of an organisation may import its staff.");
        var options = new StaffImportOptions(removeMissing ?? false, dryRun ?? false);
        StaffImportResult result;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if ((form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)) is not { } file)
                return ValidationProblemExtensions.Field("file", "send the CSV file as the form's 'file' part.");
            await using var stream = file.OpenReadStream();
            result = await import.ImportAsync(organisation, stream, options, null, ct);
        }
        else if (request.ContentType is null || IsCsv(request.ContentType))
            result = await import.ImportAsync(organisation, request.Body, options, null, ct);
        else
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the staff file as text/csv, or as the 'file' part of multipart/form-data.");

        if (result.Summary is { } summary)
            return TypedResults.Ok(summary);
        return TypedResults.ValidationProblem(
            result.Problems.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            title: $"The staff file was refused: {result.ProblemCount} problem{(result.ProblemCount == 1 ? "" : "s")}; nothing was imported.");
    }

    private static bool IsCsv(string contentType) =>
        contentType.Split(';')[0].Trim().ToLowerInvariant() is "text/csv" or "text/plain" or "application/csv" or "application/vnd.ms-excel" or "application/octet-stream";
}
