using System.Text;
using Microsoft.AspNetCore.Components.Endpoints;

namespace PmoPath.Web.Hosting;

/// <summary>
/// The fields of a form post that held U+0000 and were therefore refused before the form was read: the page is shown
/// again (as on a GET, so no handler runs and nothing is saved) with a 400, and <c>FormErrors</c> names these fields.
/// </summary>
public sealed class RefusedFormFields(IReadOnlyList<string> fields)
{
    public const string Message = "control characters are not allowed.";

    /// <summary>No errors of the page's own: for a page that shows only these.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();

    /// <summary>The form's field names as posted (<c>Details.DisplayName</c>); "form" when a name itself held one.</summary>
    public IReadOnlyList<string> Fields { get; } = fields;

    private bool _shown;

    /// <summary>The fields, to the first error list of the page that asks (a page with several forms shows them once).</summary>
    public IReadOnlyList<string> Claim()
    {
        if (_shown)
            return [];
        _shown = true;
        return Fields;
    }
}

/// <summary>
/// A form post (<c>application/x-www-form-urlencoded</c>) with a U+0000 in a field: ASP.NET Core's form reader throws on
/// <c>%00</c>, which the antiforgery check turns into a bare 400 before the page runs. This check reads the body first:
/// on a page the post becomes a render of the page (no handler runs, nothing is saved) answered with a 400 whose error
/// list names the field; on any other endpoint it is a 400 problem naming the field, like a query string's
/// (<see cref="QueryTextCheck"/>). PostgreSQL could not store U+0000 anyway.
/// </summary>
public static class FormTextCheck
{
    /// <summary>Bodies declared larger than this are left to the form reader's own limits.</summary>
    private const int MaxScannedBytes = 16 * 1024 * 1024;

    public static WebApplication UseFormTextCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsPost(request.Method)
                || !(request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                || request.ContentLength is > MaxScannedBytes)
            {
                await next(context);
                return;
            }
            // No buffer limit of its own: a body without a length is bounded by Kestrel's MaxRequestBodySize (a 413).
            request.EnableBuffering(bufferThreshold: 64 * 1024);
            string body;
            using (var reader = new StreamReader(request.Body, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
                body = await reader.ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
            var refused = FieldsWithNul(body);
            if (refused.Count == 0)
            {
                await next(context);
                return;
            }
            if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            {
                await TypedResults.ValidationProblem(refused.ToDictionary(f => f, _ => new[] { RefusedFormFields.Message }),
                    title: "The request has invalid fields.").ExecuteAsync(context);
                return;
            }
            context.Features.Set(new RefusedFormFields(refused));
            request.Method = HttpMethods.Get;
            request.Body = Stream.Null;
            request.ContentLength = 0;
            request.ContentType = null;
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status200OK)
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }

    /// <summary>The decoded names of the fields whose value holds <c>%00</c>; "form" for a name that holds it.</summary>
    internal static List<string> FieldsWithNul(string body)
    {
        var fields = new List<string>();
        if (!body.Contains("%00", StringComparison.Ordinal))
            return fields;
        foreach (var pair in body.Split('&'))
        {
            if (!pair.Contains("%00", StringComparison.Ordinal))
                continue;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var name = key.Contains("%00", StringComparison.Ordinal) ? "form" : Uri.UnescapeDataString(key.Replace('+', ' '));
            if (!fields.Contains(name, StringComparer.Ordinal))
                fields.Add(name);
        }
        return fields;
    }
}
