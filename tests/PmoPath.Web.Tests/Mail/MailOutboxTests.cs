using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.Mail;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Mail;

/// <summary>The people world with its mail going to a real SMTP server on loopback (aiosmtpd), which tests stop and start.</summary>
public abstract class SmtpPeopleWorld(TestDatabase database) : PeopleWorld(database), IDisposable
{
    public SmtpServer Smtp { get; } = new();

    protected override string[] Settings => [.. base.Settings, .. Smtp.AppSettings];

    public void Dispose()
    {
        Smtp.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteSmtpPeopleWorld() : SmtpPeopleWorld(TestDatabase.Sqlite);

public sealed class PostgresSmtpPeopleWorld() : SmtpPeopleWorld(TestDatabase.Postgres);

/// <summary>
/// Mail that is never lost (docs/adr/0021): written to the outbox in the booking's transaction, sent by the
/// background sender to a real SMTP server, retried while the server is down, and sent once however many
/// instances share the database.
/// </summary>
public abstract class MailOutboxTests(SmtpPeopleWorld world)
{
    [Fact]
    public async Task A_booking_made_while_the_mail_server_is_down_is_mailed_when_it_comes_back()
    {
        world.Smtp.Stop();
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 5, daysAhead: 70));
        var pat = world["pat"];
        using var client = world.Api("pat");
        using var response = await client.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = pat.PersonId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The message was stored with the booking; the background sender tries, fails and backs off until the
        // retry is due on the app's clock, which the test keeps moving on (a second each fifth of a second, more
        // than the longest back-off) while it waits.
        using var ticking = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            while (!ticking.IsCancellationRequested)
            {
                world.App.Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(200);
            }
        });
        var failing = await WaitForRowAsync(m => m.Recipient == pat.Email && m.Subject.StartsWith("Booked: ", StringComparison.Ordinal) && m.Attempts >= 2);
        Assert.Null(failing.SentAtUtc);
        Assert.Null(failing.AbandonedAtUtc);
        Assert.StartsWith("connection failed", failing.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(pat.Email, failing.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.True(failing.NextAttemptAtUtc > failing.CreatedAtUtc);
        var messageId = $"{failing.Id:N}@pmopath";
        Assert.DoesNotContain(world.Smtp.Received(), m => m.MessageId == messageId);

        await world.Smtp.StartAsync();
        var received = await world.Smtp.WaitForAsync(list => list.Any(m => m.MessageId == messageId));
        await ticking.CancelAsync();
        await ticker;
        var message = Assert.Single(received, m => m.MessageId == messageId);
        Assert.Equal(pat.Email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal(pat.Email, message.Headers["X-Envelope-To"]);
        Assert.StartsWith("Booked: Agile PMO", message.Subject, StringComparison.Ordinal);
        Assert.Contains("is confirmed", message.TextBody, StringComparison.Ordinal);
        var invitation = Assert.Single(message.BodyParts.OfType<TextPart>(), p => p.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", invitation.ContentType.Parameters["method"]);
        Assert.Equal("invite.ics", invitation.FileName);
        Assert.Contains($"UID:booking-{booking}@pmopath", invitation.Text, StringComparison.Ordinal);

        // The record of what was sent: when, after how many attempts; the body (which may hold one-time links) is gone.
        var sent = await WaitForRowAsync(m => m.Id == failing.Id && m.SentAtUtc != null);
        Assert.True(sent.Attempts >= 3, $"{sent.Attempts} attempts");
        Assert.Equal("", sent.Body);
        Assert.Null(sent.AttachmentContent);
        Assert.Null(sent.ClaimToken);
    }

    [Fact]
    public async Task Two_instances_sharing_the_database_send_every_message_exactly_once()
    {
        await world.Smtp.StartAsync();
        await using var second = await TestApp.StartBesideAsync(world.App, world.Smtp.AppSettings);
        var marker = Guid.NewGuid().ToString("N")[..8];
        const int count = 60;
        var written = new List<OutgoingMail>();
        await using (var db = await OutboxKit.SystemAsync(world.App))
        {
            var outbox = world.App.Services.GetRequiredService<MailOutbox>();
            for (var i = 0; i < count; i++)
                written.Add(outbox.Enqueue(db, $"person{i}-{marker}@twice.test", $"Twice {marker} {i}", $"Message {i}.\r\n"));
            await db.SaveChangesAsync();
        }

        // Both background senders are woken, and the test flushes from both instances at once as well.
        world.App.Services.GetRequiredService<MailOutbox>().Wake();
        second.Services.GetRequiredService<MailOutbox>().Wake();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flushes = Enumerable.Range(0, 6).Select(async i =>
        {
            await gate.Task;
            return await (i % 2 == 0 ? world.App : second).Services.GetRequiredService<MailSender>().FlushAsync();
        }).ToList();
        gate.SetResult();
        var runs = await Task.WhenAll(flushes);

        bool Ours(MimeMessage m) => (m.Subject ?? "").StartsWith($"Twice {marker} ", StringComparison.Ordinal);
        await world.Smtp.WaitForAsync(list => list.Count(Ours) >= count);
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for a second copy to arrive, if one were on its way
        var ours = world.Smtp.Received().Where(Ours).ToList();
        Assert.Equal(count, ours.Count);
        Assert.Equal(written.Select(m => $"{m.Id:N}@pmopath").Order(StringComparer.Ordinal), ours.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.All(ours, m => Assert.Equal(m.Subject!.Replace($"Twice {marker} ", "person", StringComparison.Ordinal) + $"-{marker}@twice.test",
            Assert.Single(m.To.Mailboxes).Address));
        Assert.True(runs.Sum(r => r.Sent) <= count);
        var rows = (await OutboxKit.RowsAsync(world.App)).Where(m => m.Subject.StartsWith($"Twice {marker} ", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, rows.Count);
        Assert.All(rows, m => Assert.True(m.SentAtUtc is not null && m.Attempts == 1, $"{m.Subject}: sent {m.SentAtUtc}, {m.Attempts} attempts"));
    }

    [Fact]
    public async Task The_waitlist_mail_tells_the_place_the_booking_answer_gave()
    {
        await world.Smtp.StartAsync();
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 1, daysAhead: 71));
        var keys = new[] { "pat", "sam", "colleague", "manager", "manager2" };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var booking = keys.Select(async key =>
        {
            using var client = world.Api(key);
            await gate.Task;
            using var response = await client.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = world[key].PersonId });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (Key: key, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(booking);

        var waitlisted = answers.Where(a => a.Body.GetProperty("status").GetString() == "waitlisted").ToList();
        Assert.Equal(4, waitlisted.Count);
        Assert.Equal([1, 2, 3, 4], waitlisted.Select(a => a.Body.GetProperty("waitlistPosition").GetInt32()).Order());
        var received = await world.Smtp.WaitForAsync(list => waitlisted.All(a => list.Any(m => IsWaitlistMailFor(m, world[a.Key].Email))));
        foreach (var (key, body) in waitlisted)
        {
            var mail = received.Last(m => IsWaitlistMailFor(m, world[key].Email));
            Assert.Contains($"you are number {body.GetProperty("waitlistPosition").GetInt32()} on its waitlist", mail.TextBody, StringComparison.Ordinal);
        }
    }

    private static bool IsWaitlistMailFor(MimeMessage message, string email) =>
        (message.Subject ?? "").StartsWith("On the waitlist: ", StringComparison.Ordinal) && message.To.Mailboxes.Any(m => m.Address == email);

    private async Task<OutgoingMail> WaitForRowAsync(Func<OutgoingMail, bool> match)
    {
        var deadline = Deadline.In(TimeSpan.FromSeconds(30));
        while (true)
        {
            if ((await OutboxKit.RowsAsync(world.App)).LastOrDefault(match) is { } row)
                return row;
            if (deadline.Passed)
                throw new TimeoutException("No outbox row matched.");
            await Task.Delay(100);
        }
    }
}

public sealed class MailOutboxOnSqliteTests(SqliteSmtpPeopleWorld world) : MailOutboxTests(world), IClassFixture<SqliteSmtpPeopleWorld>;

public sealed class MailOutboxOnPostgresTests(PostgresSmtpPeopleWorld world) : MailOutboxTests(world), IClassFixture<PostgresSmtpPeopleWorld>;
