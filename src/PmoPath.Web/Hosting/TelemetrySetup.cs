using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PmoPath.Web.Hosting;

/// <summary>The <c>Metrics</c> section: a Prometheus scraping endpoint and an OTLP exporter, both off unless configured (docs/adr/0026).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Metrics";

    public PrometheusOptions Prometheus { get; set; } = new();
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>The <c>service.name</c> the metrics and traces carry.</summary>
    public string ServiceName { get; set; } = "pmopath";

    public sealed class PrometheusOptions
    {
        public bool Enabled { get; set; }

        /// <summary>Where the scrape is answered.</summary>
        public string Path { get; set; } = "/metrics";

        /// <summary>When set, a scrape must send <c>Authorization: Bearer</c> with it (16 characters at least).</summary>
        public string? Token { get; set; }

        /// <summary>Answer scrapes from other hosts too; only with a <see cref="Token"/>. Off: loopback only.</summary>
        public bool AllowRemote { get; set; }
    }

    public sealed class OtlpOptions
    {
        /// <summary>The collector's address (<c>http://collector:4317</c>); <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is read when this is empty.</summary>
        public string? Endpoint { get; set; }

        /// <summary><c>grpc</c> (the default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
        public string Protocol { get; set; } = "grpc";
    }

    internal Uri? OtlpEndpoint => Uri.TryCreate(Otlp.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    internal IEnumerable<string> Problems()
    {
        if (Prometheus.Enabled)
        {
            if (!Prometheus.Path.StartsWith('/') || Prometheus.Path.Length < 2 || Prometheus.Path.Contains('?', StringComparison.Ordinal))
                yield return $"{Section}:Prometheus:Path must be a path such as /metrics, not '{Prometheus.Path}'.";
            if (Prometheus.Token is { } token && token.Trim().Length < 16)
                yield return $"{Section}:Prometheus:Token must be at least 16 characters.";
            if (Prometheus.AllowRemote && string.IsNullOrWhiteSpace(Prometheus.Token))
                yield return $"{Section}:Prometheus:AllowRemote needs {Section}:Prometheus:Token: metrics are never public.";
        }
        if (!string.IsNullOrWhiteSpace(Otlp.Endpoint) && OtlpEndpoint is null)
            yield return $"{Section}:Otlp:Endpoint must be an http or https address such as http://collector:4317, not '{Otlp.Endpoint}'.";
        if (Otlp.Protocol is not ("grpc" or "http/protobuf"))
            yield return $"{Section}:Otlp:Protocol must be grpc or http/protobuf, not '{Otlp.Protocol}'.";
        if (string.IsNullOrWhiteSpace(ServiceName))
            yield return $"{Section}:ServiceName must not be empty.";
    }
}

/// <summary>
/// Metrics and traces through OpenTelemetry. Core records its own measurements on the <c>PmoPath</c> meter
/// (<see cref="PmoPathMetrics"/>); this host adds ASP.NET Core's, Npgsql's, EF Core's and the runtime's and hands them
/// to the exporters configured: a Prometheus scrape (<c>Metrics:Prometheus:Enabled</c>) and OTLP
/// (<c>Metrics:Otlp:Endpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), which also receives the traces of requests
/// and database commands. With neither, nothing is collected.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Npgsql's own activity source and meter (the Npgsql.OpenTelemetry package only names these).</summary>
    private const string Npgsql = "Npgsql";

    public static IHostApplicationBuilder AddPmoPathTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Otlp.Endpoint))
                    o.Otlp.Endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidation>();

        // Read once here as well: which exporters exist is decided when the app is built.
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (string.IsNullOrWhiteSpace(options.Otlp.Endpoint))
            options.Otlp.Endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var otlp = options.OtlpEndpoint;
        if (!options.Prometheus.Enabled && otlp is null)
            return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PmoPathMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddMeter(Npgsql, "Microsoft.EntityFrameworkCore", "System.Runtime");
                if (options.Prometheus.Enabled)
                    metrics.AddPrometheusExporter();
                if (otlp is not null)
                    metrics.AddOtlpExporter(o => Configure(o, options, otlp, "v1/metrics"));
            });
        if (otlp is not null)
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !IsQuiet(context.Request.Path, options);
                    // A calendar feed's address is its secret (docs/adr/0028): spans carry the route, never the address.
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (request.Path.StartsWithSegments("/calendar"))
                        {
                            activity.SetTag("url.path", "/calendar/{secret}.ics");
                            activity.DisplayName = $"{request.Method} /calendar/{{secret}}.ics";
                        }
                    };
                })
                .AddSource(Npgsql)
                // PostgreSQL commands are traced by Npgsql itself; EF's spans add SQLite's (parameters are never recorded).
                .AddEntityFrameworkCoreInstrumentation(o => o.Filter = (provider, _) => provider?.StartsWith(Npgsql, StringComparison.Ordinal) != true)
                .AddOtlpExporter(o => Configure(o, options, otlp, "v1/traces")));
        return builder;
    }

    /// <summary>Probes and scrapes come every few seconds and say nothing about the people using the app.</summary>
    private static bool IsQuiet(PathString path, TelemetryOptions options) =>
        HealthSetup.IsProbe(path) || path.Equals("/health", StringComparison.OrdinalIgnoreCase) || path.Equals("/ping", StringComparison.OrdinalIgnoreCase)
        || (options.Prometheus.Enabled && path.Equals(options.Prometheus.Path, StringComparison.OrdinalIgnoreCase));

    private static void Configure(OtlpExporterOptions o, TelemetryOptions options, Uri endpoint, string signalPath)
    {
        if (options.Otlp.Protocol == "http/protobuf")
        {
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            // Over HTTP each signal has its own path under the base address, as OTEL_EXPORTER_OTLP_ENDPOINT means it.
            o.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            o.Protocol = OtlpExportProtocol.Grpc;
            o.Endpoint = endpoint;
        }
    }

    /// <summary>
    /// The scraping endpoint, when enabled; place it before anything that waits for the database, so a scrape answers
    /// while the app starts. A scrape from another host gets 404 (as if there were nothing here) unless
    /// <c>AllowRemote</c> is on; one that came through a proxy (it carries <c>X-Forwarded-For</c> or <c>Forwarded</c>
    /// that no trusted proxy rule consumed) counts as from another host. With a token, a scrape without it gets 401.
    /// </summary>
    public static WebApplication UsePmoPathMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus;
        if (!options.Enabled)
            return app;
        var token = options.Token is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t.Trim()) : null;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: null, path: options.Path, configureBranchedPipeline: branch =>
            branch.Use(async (context, next) =>
            {
                if (!options.AllowRemote && !IsLocal(context))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                if (token is not null && !HasToken(context, token))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }
                context.Response.Headers.CacheControl = "no-store";
                await next(context);
            }), optionsName: null);
        return app;
    }

    private static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        && !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("Forwarded");

    private static bool HasToken(HttpContext context, byte[] token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), token);
    }
}

/// <summary>Names every invalid <c>Metrics</c> setting at start, not only the first.</summary>
internal sealed class TelemetryOptionsValidation : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
