using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Data;
using PmoPath.Web.Hosting;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath db status [--json]</c> and <c>pmopath db migrate</c>: the schema upgraded on purpose
/// (docs/operations.md, with <c>Database:MigrateOnStart=false</c>). Status reads and changes nothing.
/// </summary>
public static class DbCommands
{
    public static Command Build(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: provider, database, schemaVersion, applied, pending, unknown." };
        var status = new Command("status", "Show the schema version, the migrations applied and those pending; changes nothing.") { json };
        status.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var info = services.GetRequiredService<DatabaseInfo>();
            await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            var schema = await SchemaStatus.ReadAsync(db, ct);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    provider = info.Provider.ToString(),
                    database = info.ConnectionString,
                    schemaVersion = schema.Version,
                    applied = schema.Applied,
                    pending = schema.Pending,
                    unknown = schema.Unknown,
                }, CatalogCommands.Json));
                return PmoPathCli.Ok;
            }
            await console.Out.WriteLineAsync($"Database: {info.Provider}, {info.ConnectionString}");
            await console.Out.WriteLineAsync($"Schema version: {schema.Version ?? "none (an empty database)"}");
            await console.Out.WriteLineAsync($"Applied: {schema.Applied.Count} of the {schema.Known.Count} migrations this release has.");
            await console.Out.WriteLineAsync(schema.Pending.Count == 0
                ? "Pending: none."
                : $"Pending ({schema.Pending.Count}; 'pmopath db migrate' applies them):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", schema.Pending)}");
            if (schema.Unknown.Count > 0)
                await console.Out.WriteLineAsync(
                    $"Applied but unknown to this release (a newer release upgraded this database):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", schema.Unknown)}");
            return PmoPathCli.Ok;
        }, ct, initialize: false));

        var migrate = new Command("migrate",
            "Apply the pending migrations (one instance at a time on PostgreSQL) and seed an empty database. Back up first.");
        migrate.SetAction((_, ct) => console.WithServicesAsync(async services =>
        {
            var applied = await services.InitializeDatabaseAsync(migrate: true, schemaReady: null, ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            var version = (await SchemaStatus.ReadAsync(db, ct)).Version;
            await console.Out.WriteLineAsync(applied.Count == 0
                ? $"Nothing to apply: the schema is at {version}."
                : $"Applied {applied.Count} migration{(applied.Count == 1 ? "" : "s")}: {string.Join(", ", applied)}. The schema version is {version}.");
            return PmoPathCli.Ok;
        }, ct, initialize: false));

        return new Command("db", "The database schema: its version and migrations.") { status, migrate };
    }
}
