using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;

namespace PmoPath.Web.Hosting;

/// <summary>
/// The headers every answer carries, and which proxies are trusted to say what the client's address and scheme were.
/// </summary>
/// <remarks>
/// The pages have no inline script or style (no <c>&lt;script&gt;</c>, no <c>style=</c> attribute, charts are SVG with
/// presentation attributes), so the policy allows scripts and styles from the site only. Images may come from https
/// (articles may show pictures hosted elsewhere) and data: URLs.
/// </remarks>
public static class SecuritySetup
{
    public const string Section = "ForwardedHeaders";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>HSTS for a year; subdomains are left alone (they may be other services).</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static WebApplicationBuilder AddPmoPathSecurity(this WebApplicationBuilder builder)
    {
        // The X-Frame-Options header is set on every answer below (DENY); antiforgery's own SAMEORIGIN would contradict it.
        builder.Services.Configure<AntiforgeryOptions>(o => o.SuppressXFrameOptionsHeader = true);
        var proxies = builder.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only what configuration names is trusted; not even loopback by default.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
            foreach (var network in networks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
        });
        return builder;
    }

    /// <summary>First in the pipeline: trusted forwarded headers are applied, then every answer gets the headers.</summary>
    public static WebApplication UsePmoPathSecurity(this WebApplication app)
    {
        var trusted = app.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() is { Length: > 0 }
            || app.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() is { Length: > 0 };
        if (trusted)
            app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            // On starting, so that answers written by the exception handler (which clears headers) carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                if (context.Request.IsHttps)
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseQueryTextCheck();
        app.UseFormTextCheck();
        return app;
    }
}
