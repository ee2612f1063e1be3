using PmoPath.Web;

var app = PmoPathApp.Build(args);
await app.ServeAsync();

/// <summary>The entry point; public so that the tests' <c>WebApplicationFactory&lt;Program&gt;</c> can start the app.</summary>
public partial class Program;
