using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Insight;

namespace PmoPath.Web.Api;

/// <summary>
/// The downloads of a view's tables, the same for the organisation view and the team view: <c>{table}.csv</c> or
/// <c>{table}.xlsx</c> for one table, <c>all.xlsx</c> for every table on one sheet each, written by
/// <see cref="TableExport"/> (which neutralises cells a spreadsheet could run as formulas).
/// </summary>
internal static class ReportDownloads
{
    /// <summary>The name of the download holding every table, one sheet each.</summary>
    public const string AllTables = "all";

    /// <summary>The file, named <c>{prefix}-{table}-{asOf}</c>; a 404 naming the tables there are for a table or format there is not.</summary>
    public static Results<FileContentHttpResult, ProblemHttpResult> File(IReadOnlyList<ReportTable> tables, string table, string format, string prefix, DateOnly asOf)
    {
        IReadOnlyList<ReportTable> chosen = table == AllTables ? tables : [.. tables.Where(t => t.Key == table).Take(1)];
        var file = $"{prefix}-{table}-{asOf:yyyy-MM-dd}";
        return (format, chosen) switch
        {
            (_, []) => NotFound(tables, table, format),
            ("csv", [var only]) => TypedResults.File(TableExport.ToCsv(only), TableExport.CsvContentType, file + ".csv"),
            ("xlsx", _) => TypedResults.File(TableExport.ToXlsx(chosen), TableExport.XlsxContentType, file + ".xlsx"),
            _ => NotFound(tables, table, format),
        };
    }

    /// <summary>Documents the file a download answers (csv or xlsx), which a file result does not describe itself.</summary>
    public static RouteHandlerBuilder ProducesReportFile(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<Stream>(StatusCodes.Status200OK, contentType: TableExport.CsvContentType, additionalContentTypes: [TableExport.XlsxContentType]);

    private static ProblemHttpResult NotFound(IReadOnlyList<ReportTable> tables, string table, string format) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: $"There is no table '{table}.{format}'. Tables: {string.Join(", ", tables.Select(t => t.Key))} (.csv or .xlsx), or {AllTables}.xlsx.");
}
