using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PmoPath.Testing;

/// <summary>
/// Counts the SQL commands (database round trips) a request makes: every context of the app is watched (registered as
/// an <see cref="IInterceptor"/> service), and a command is written down under the request's <see cref="Header"/> when
/// the request carries one. Other requests and background work are not counted. A batched <c>SaveChanges</c> is one
/// command, as it is one round trip.
/// </summary>
public sealed class RoundTrips(IHttpContextAccessor http) : DbCommandInterceptor
{
    public const string Header = "X-Count-Sql";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _commands = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="request"/> with a fresh mark and returns the answer and the commands it cost, in order.</summary>
    public async Task<(HttpResponseMessage Response, IReadOnlyList<string> Commands)> MeasureAsync(HttpClient client, HttpRequestMessage request)
    {
        var mark = Guid.NewGuid().ToString("N");
        request.Headers.Add(Header, mark);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return (response, _commands.TryRemove(mark, out var commands) ? [.. commands] : []);
    }

    /// <summary>The commands a GET of <paramref name="url"/> costs; throws unless it answers 200.</summary>
    public async Task<IReadOnlyList<string>> OfGetAsync(HttpClient client, string url)
    {
        var (response, commands) = await MeasureAsync(client, new HttpRequestMessage(HttpMethod.Get, url));
        using (response)
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
                throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}.");
        return commands;
    }

    private void Count(DbCommand command)
    {
        if (http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } mark)
            _commands.GetOrAdd(mark, _ => new ConcurrentQueue<string>()).Enqueue(command.CommandText);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }
}
