using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace PmoPath.Web.Hosting;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, made exact for client generators by rules applied to every
/// endpoint from its own metadata (docs/adr/0025), so an endpoint added later is described the same way without
/// anything written on it:
/// <list type="bullet">
/// <item>an endpoint that requires authorization needs the bearer token (<c>security</c>) and answers 401 and 403; any
/// other accepts the token optionally;</item>
/// <item>every operation has an <c>operationId</c>: the endpoint's name where it has one, otherwise the method and the
/// route (<c>GET /api/people/{id}/plan</c> is <c>getPeopleByIdPlan</c>);</item>
/// <item>a body or a query parameter can be refused (400), a route parameter can name nothing (404), an
/// anonymous call to the API or a rate-limited endpoint can be limited (429) — each as problem details;</item>
/// <item>a property that may be null is not required, because the API leaves nulls out (<see cref="PmoPathApp.ConfigureJson"/>).</item>
/// </list>
/// </summary>
public static class OpenApiSetup
{
    public const string SecuritySchemeName = WebAuthSetup.BearerScheme;
    private const string ProblemDetailsSchema = "ProblemDetails";
    private const string ValidationProblemSchema = "HttpValidationProblemDetails";
    private const string ProblemJson = "application/problem+json";

    /// <summary>What each tag of the document groups; a tag missing here is listed without a description.</summary>
    public static IReadOnlyDictionary<string, string> TagDescriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Advice"] = "Which course next, and why: the advisor's answer and a roadmap for a profile that is not stored.",
        ["Catalogue"] = "The four PMO career levels and the course catalogue (certifications and specialist courses), public and read-only.",
        ["Knowledge base"] = "Articles for PMO practitioners, search across the site, and (with a token) writing, publishing, rating and feedback.",
        ["Jobs"] = "Open PMO positions; an organisation's admins post and close their own.",
        ["Providers"] = "Training providers: accreditations, specialist courses, coaching and mentoring, upcoming public sessions.",
        ["People"] = "People, their records, ratings, development plans and personal data; who may see whom follows the caller's role and organisation.",
        ["Sessions"] = "Scheduled course sessions, bookings and waitlists, attendance, in-house requests and iCalendar feeds.",
        ["Team"] = "A pmo-manager's team at a glance, its report tables and a development plan within a budget.",
        ["Organisation"] = "The organisation view for HR and L&D admins: insight and report tables.",
        ["Credentials"] = "Open Badges 3.0 credentials PmoPath issues for attended courses (VC-JWT, RS256), their verification and revocation, and credentials people bring from elsewhere.",
    };

    public static WebApplicationBuilder AddPmoPathOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = SchemaName;
            options.AddSchemaTransformer(LeaveOmittedNullsOptional);
            options.AddSchemaTransformer(DescribeWrittenForms);
            options.AddOperationTransformer(DescribeOperation);
            options.AddDocumentTransformer(DescribeDocument);
        });
        return builder;
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "PmoPath API";
        document.Info.Description =
            "Career levels, the course catalogue, advice on which course next, people's records and plans, sessions and bookings. "
            + "Public operations need no token (a token still identifies the caller, and lifts the per-address limit on anonymous calls); "
            + "the others need an API token from `pmopath tokens create --email E`, sent as `Authorization: Bearer pmp_…`. "
            + "Errors are problem details (RFC 9457); a 400 names the field in `errors`. Properties whose value is null are left out.";
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "pmp_ API token",
            Description = "An API token of a PmoPath account (`pmopath tokens create --email E` prints one; revocable, optionally expiring). "
                + "The token acts with the account's role, organisation or provider. The API never accepts the web pages' sign-in cookie.",
        };

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                tag.Description ??= description;
        }
        return Task.CompletedTask;
    }

    private static async Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer has no document.");
        operation.OperationId ??= OperationId(description.HttpMethod ?? "GET", description.RelativePath ?? "");
        await EnsureSchemaAsync(document, context, ProblemDetailsSchema, typeof(ProblemDetails), ct);
        await EnsureSchemaAsync(document, context, ValidationProblemSchema, typeof(HttpValidationProblemDetails), ct);

        var metadata = description.ActionDescriptor.EndpointMetadata;
        var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] };
        var policy = await AuthorizationPolicyAsync(metadata, context.ApplicationServices);
        if (policy is not null)
        {
            operation.Security = [bearer];
            AddProblem(operation, document, StatusCodes.Status401Unauthorized, "No bearer token, or one that is unknown, revoked or expired.");
            // Behind the token, the policy or the domain (PeopleAccess, provider and organisation checks) may refuse the
            // caller; a generated client meeting an undocumented 403 would fail in a worse way than one never met.
            AddProblem(operation, document, StatusCodes.Status403Forbidden, "The caller's role, organisation or provider does not allow this.");
        }
        else
        {
            // Public: no token needed, but one is honoured (drafts to their editors, a closed job to its organisation).
            operation.Security = [new OpenApiSecurityRequirement(), bearer];
        }

        var hasBody = operation.RequestBody is not null
            || description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body || p.Source == BindingSource.Form || p.Source == BindingSource.FormFile);
        // A query value can fail to bind (a number, a date) or be refused by the domain's parser (an unknown level).
        var hasQuery = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query || p.Source == BindingSource.Header);
        if (hasBody || hasQuery)
            AddProblem(operation, document, StatusCodes.Status400BadRequest, "The request could not be read, or a field is invalid (named in `errors`).", ValidationProblemSchema);
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
            AddProblem(operation, document, StatusCodes.Status404NotFound, "Nothing by that name or id, or nothing the caller may see.");

        var rateLimited = metadata.OfType<EnableRateLimitingAttribute>().Any()
            || (policy is null && (description.RelativePath ?? "").StartsWith("api/", StringComparison.Ordinal));
        if (rateLimited && !metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            AddProblem(operation, document, StatusCodes.Status429TooManyRequests, "Too many requests from this address; try again after Retry-After seconds.");
            var tooMany = operation.Responses![StatusCodes.Status429TooManyRequests.ToString(CultureInfo.InvariantCulture)];
            if (tooMany is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                response.Headers.TryAdd("Retry-After", new OpenApiHeader
                {
                    Description = "Seconds to wait before the next request.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                });
            }
        }
    }

    /// <summary>The policy an endpoint requires, or null when anyone may call it.</summary>
    private static async Task<AuthorizationPolicy?> AuthorizationPolicyAsync(IList<object> metadata, IServiceProvider services)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
            return null;
        var data = metadata.OfType<IAuthorizeData>().ToList();
        var policies = metadata.OfType<AuthorizationPolicy>().ToList();
        if (data.Count == 0 && policies.Count == 0)
            return null;
        var provider = services.GetRequiredService<IAuthorizationPolicyProvider>();
        return await AuthorizationPolicy.CombineAsync(provider, data, policies);
    }

    /// <summary>
    /// <c>get</c>, <c>post</c>, … then each route segment after <c>api</c> in Pascal case, a parameter as <c>By</c> and its
    /// name: <c>POST /api/people/{id}/plan/{itemId}/comments</c> is <c>postPeopleByIdPlanByItemIdComments</c>.
    /// Stable while the route is, and unique because method and route are.
    /// </summary>
    public static string OperationId(string method, string relativePath)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (segment, index) in segments.Select((s, i) => (s, i)))
        {
            if (index == 0 && segment == "api")
                continue;
            foreach (var part in RouteParts(segment))
            {
                if (part.StartsWith('{'))
                {
                    var name = part.Trim('{', '}', '*').Split(':', '=', '?')[0];
                    id.Append("By").Append(Pascal(name));
                }
                else
                {
                    id.Append(Pascal(part));
                }
            }
        }
        return id.ToString();
    }

    /// <summary>A segment's literal words and parameters: <c>{table}.{format}</c> → <c>{table}</c>, <c>{format}</c>; <c>inhouse-requests</c> → <c>inhouse</c>, <c>requests</c>.</summary>
    private static IEnumerable<string> RouteParts(string segment)
    {
        var i = 0;
        while (i < segment.Length)
        {
            if (segment[i] == '{')
            {
                var end = segment.IndexOf('}', i);
                end = end < 0 ? segment.Length - 1 : end;
                yield return segment[i..(end + 1)];
                i = end + 1;
                continue;
            }
            var next = segment.IndexOf('{', i);
            next = next < 0 ? segment.Length : next;
            foreach (var word in segment[i..next].Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries))
                yield return word;
            i = next;
        }
    }

    private static string Pascal(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument document, int status, string description, string schema = ProblemDetailsSchema)
    {
        operation.Responses ??= [];
        operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            },
        });
    }

    private static async Task EnsureSchemaAsync(OpenApiDocument document, OpenApiOperationTransformerContext context, string name, Type type, CancellationToken ct)
    {
        if (document.Components?.Schemas?.ContainsKey(name) == true)
            return;
        var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: ct);
        document.AddComponent(name, schema);
    }

    /// <summary>
    /// A schema's name in <c>components</c>: the type's name, as by default, with its feature (the last part of its
    /// namespace) in front when another of the app's types has the same name — <c>People.CertificateStatus</c> and
    /// <c>Advice.CertificateStatus</c> would otherwise share one schema and one of them be described wrongly.
    /// </summary>
    private static string? SchemaName(JsonTypeInfo type)
    {
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        var clr = type.Type;
        if (name is null || !SharedTypeNames.Value.Contains(clr.Name))
            return name;
        var feature = clr.Namespace?.Split('.')[^1] ?? "";
        return feature + name;
    }

    private static readonly Lazy<HashSet<string>> SharedTypeNames = new(() =>
        [.. new[] { typeof(OpenApiSetup).Assembly, typeof(PmoPath.Framework.FrameworkStore).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)]);

    /// <summary>
    /// The API leaves a property out when its value is null (<see cref="JsonIgnoreCondition.WhenWritingNull"/>), so a
    /// property that may be null cannot be required: it is listed as optional (and still nullable). One rule for every
    /// schema, so a response with a null field conforms to its own document.
    /// </summary>
    private static Task LeaveOmittedNullsOptional(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo;
        if (type.Kind != JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required
            || type.Options.DefaultIgnoreCondition != JsonIgnoreCondition.WhenWritingNull)
            return Task.CompletedTask;
        foreach (var property in type.Properties)
        {
            var propertySchema = schema.Properties?.TryGetValue(property.Name, out var s) == true ? s : null;
            if (property.IsGetNullable || AllowsNull(propertySchema))
                required.Remove(property.Name);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The forms the API writes, where the generated schema says otherwise: numbers are written as JSON numbers (reading
    /// them from strings is a leniency, not the contract), and a time of day as <c>HH:mm:ss</c> with no offset, which
    /// JSON Schema's <c>time</c> format (RFC 3339, offset required) does not describe.
    /// </summary>
    private static Task DescribeWrittenForms(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        var clrType = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (clrType == typeof(TimeOnly) && schema.Format == "time")
        {
            schema.Format = null;
            schema.Pattern = @"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,7})?$";
            schema.Description ??= "A local time of day, HH:mm:ss.";
        }
        return Task.CompletedTask;
    }

    private static bool AllowsNull(IOpenApiSchema? schema) =>
        schema is not null
        && ((schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
            || (schema.OneOf?.Any(AllowsNull) ?? false)
            || (schema.AnyOf?.Any(AllowsNull) ?? false));
}
