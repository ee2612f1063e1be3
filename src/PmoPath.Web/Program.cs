using PmoPath.Web;

var app = PmoPathApp.Build(args);
try
{
    await app.ServeAsync();
}
catch (PmoPath.Web.Hosting.PendingMigrationsException)
{
    // Already logged as one critical line naming the migrations and the command; no stack trace for an expected refusal.
    return 1;
}
return 0;

/// <summary>The entry point; public so that the tests' <c>WebApplicationFactory&lt;Program&gt;</c> can start the app.</summary>
public partial class Program;
