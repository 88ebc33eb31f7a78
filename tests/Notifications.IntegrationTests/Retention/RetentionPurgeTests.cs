using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Inbound;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Worker.Retention;
using Npgsql;

namespace Notifications.IntegrationTests.Retention;

/// <summary>
/// The retention purge against real PostgreSQL, with rows written with old timestamps (no test waits for days).
/// Every run uses the default settings unless the test is about a setting.
/// </summary>
[Collection(ServicesDefinition.Name)]
public sealed class RetentionPurgeTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly ApiFactory _api = new(services);
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private NpgsqlDataSource _dataSource = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(services.DatabaseConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _metrics.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task MessageBodies_PastTheRetention_AreCleared_YoungerUnsettledAndPendingFallbacksKept()
    {
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-31);
        var delivered = await InsertAsync(MessageStatus.Delivered, created: old, final: old);
        var noReceipt = await InsertAsync(MessageStatus.Sent, created: old, final: old);
        var young = await InsertAsync(MessageStatus.Delivered, created: now.AddDays(-29), final: now.AddDays(-29));
        var unsettled = await InsertAsync(MessageStatus.Sent, created: old, final: null);
        var fallbackPending = await InsertAsync(MessageStatus.Undelivered, created: old, final: old, fallback: FallbackStatus.Pending);
        var fallbackDone = await InsertAsync(MessageStatus.Undelivered, created: old, final: old, fallback: FallbackStatus.Delivered);
        await using (var db = services.CreateDbContext())
        {
            db.MessageEvents.Add(new MessageEvent { MessageId = delivered, At = old, Type = MessageEventType.HandedOver, Status = MessageStatus.Delivered });
            await db.SaveChangesAsync();
        }

        var result = await RunAsync();

        Assert.True(result.Finished);
        Assert.True(result.For(RetentionPurgeJob.MessageBodies)!.Rows >= 3);
        await using var check = services.CreateDbContext();
        var bodies = await check.Messages.AsNoTracking()
            .Where(m => new[] { delivered, noReceipt, young, unsettled, fallbackPending, fallbackDone }.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => (m.Body, m.Status));
        Assert.Equal((string.Empty, MessageStatus.Delivered), bodies[delivered]);
        Assert.Equal((string.Empty, MessageStatus.Sent), bodies[noReceipt]);
        Assert.Equal((string.Empty, MessageStatus.Undelivered), bodies[fallbackDone]);
        Assert.Equal("body", bodies[young].Body);
        Assert.Equal("body", bodies[unsettled].Body);
        Assert.Equal("body", bodies[fallbackPending].Body);
        Assert.True(await check.MessageEvents.AnyAsync(e => e.MessageId == delivered), "the timeline stays for the report");
    }

    [Fact]
    public async Task Messages_PastTheRetention_AreDeletedWithTimelineAndAttempts_YoungerAndUnsettledKept_TheirDayMarkedForTheReport()
    {
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-401);
        var expired = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            expired.Add(await InsertAsync(MessageStatus.Delivered, created: old.AddMinutes(i), final: old.AddMinutes(i), createdId: true));
        }

        var failedWithFallback = await InsertAsync(MessageStatus.Failed, created: old, final: old, fallback: FallbackStatus.Delivered, createdId: true);
        var young = await InsertAsync(MessageStatus.Delivered, created: now.AddDays(-399), final: now.AddDays(-399), createdId: true);
        var unsettled = await InsertAsync(MessageStatus.Queued, created: old, final: null, createdId: true);
        var fallbackPending = await InsertAsync(MessageStatus.Undelivered, created: old, final: old, fallback: FallbackStatus.Pending, createdId: true);
        await using (var db = services.CreateDbContext())
        {
            foreach (var id in expired.Append(young))
            {
                db.MessageEvents.Add(new MessageEvent { MessageId = id, At = old, Type = MessageEventType.HandedOver, Status = MessageStatus.Queued });
                db.MessageAttempts.Add(new MessageAttempt { MessageId = id, Number = 1, StartedAt = old, Sender = "+15005550006", Outcome = "handed_over" });
            }

            await db.SaveChangesAsync();
        }

        await ExecuteAsync("DELETE FROM message_stats_dirty WHERE day = $1", DateOnly.FromDateTime(old.UtcDateTime));

        var result = await RunAsync();

        Assert.True(result.For(RetentionPurgeJob.Messages)!.Rows >= 4);
        await using var check = services.CreateDbContext();
        Guid[] all = [.. expired, failedWithFallback, young, unsettled, fallbackPending];
        var kept = await check.Messages.AsNoTracking().Where(m => all.Contains(m.Id)).Select(m => m.Id).ToListAsync();
        Assert.Equal(new[] { young, unsettled, fallbackPending }.Order(), kept.Order());
        Assert.False(await check.MessageEvents.AnyAsync(e => expired.Contains(e.MessageId)), "the timeline goes with its message");
        Assert.False(await check.MessageAttempts.AnyAsync(a => expired.Contains(a.MessageId)), "the attempts go with their message");
        Assert.True(await check.MessageEvents.AnyAsync(e => e.MessageId == young));
        await using var dirty = _dataSource.CreateCommand("SELECT count(*) FROM message_stats_dirty WHERE day = $1");
        dirty.Parameters.Add(new() { Value = DateOnly.FromDateTime(old.UtcDateTime) });
        Assert.Equal(1L, (long)(await dirty.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task InboundBodies_PastTheRetention_AreCleared_UnlessConsentEvidence()
    {
        var phone = TestNumbers.Delivered();
        var old = DateTimeOffset.UtcNow.AddDays(-40);
        var evidence = await InsertInboundAsync(phone, "STOP", old);
        var plain = await InsertInboundAsync(phone, "who is this?", old);
        var young = await InsertInboundAsync(phone, "thanks", DateTimeOffset.UtcNow.AddDays(-1));
        await InsertConsentEventAsync(phone, "revocation", old, textReceived: "STOP", inboundSid: evidence);

        await RunAsync();

        await using var db = services.CreateDbContext();
        var bodies = await db.InboundMessages.AsNoTracking().Where(m => m.From == phone).ToDictionaryAsync(m => m.MessageSid, m => m.Body);
        Assert.Equal("STOP", bodies[evidence]);
        Assert.Equal(string.Empty, bodies[plain]);
        Assert.Equal("thanks", bodies[young]);
    }

    [Fact]
    public async Task IdempotencyKeys_After25Hours_ArePurged_AndAReplayIsANewMessage_At23HoursKept()
    {
        using var client = _api.CreateAppClient();
        var body = new { to = TestNumbers.Delivered(), body = "Your code is 1234" };
        var (expiredKey, keptKey) = ($"retention-{Guid.NewGuid():N}", $"retention-{Guid.NewGuid():N}");
        var expiredFirst = await SendAsync(client, body, expiredKey);
        var keptFirst = await SendAsync(client, body, keptKey);
        var now = DateTimeOffset.UtcNow;
        await ExecuteAsync("UPDATE idempotency_keys SET created_at = $2, expires_at = $3 WHERE key = $1", expiredKey, now.AddHours(-26), now.AddHours(-1));
        await ExecuteAsync("UPDATE idempotency_keys SET created_at = $2, expires_at = $3 WHERE key = $1", keptKey, now.AddHours(-23), now.AddHours(2));

        await RunAsync();

        await using (var db = services.CreateDbContext())
        {
            Assert.False(await db.IdempotencyKeys.AnyAsync(k => k.Key == expiredKey));
            Assert.True(await db.IdempotencyKeys.AnyAsync(k => k.Key == keptKey));
        }

        Assert.NotEqual(expiredFirst, await SendAsync(client, body, expiredKey));
        Assert.Equal(keptFirst, await SendAsync(client, body, keptKey));
    }

    [Fact]
    public async Task ConsentChain_WhoseLatestEventIsPastTheRetention_IsDeletedWhole_AYoungerChainIsKeptAndStillVerifies()
    {
        var (expired, kept) = (TestNumbers.Delivered(), TestNumbers.Delivered());
        var sixYears = DateTimeOffset.UtcNow.AddYears(-6);
        await InsertConsentEventAsync(expired, "opt_in", sixYears, optInMessage: "Yes, text me offers");
        await InsertConsentEventAsync(expired, "revocation", sixYears.AddDays(30), textReceived: "STOP");
        await InsertConsentEventAsync(expired, "re_opt_in", sixYears.AddDays(60), optInMessage: "Yes again");
        // The chain starts six years ago but its latest event is four and a half years old: all of it stays.
        await InsertConsentEventAsync(kept, "opt_in", sixYears, optInMessage: "Yes, text me offers");
        await InsertConsentEventAsync(kept, "revocation", DateTimeOffset.UtcNow.AddYears(-4).AddMonths(-6), textReceived: "STOP");

        var result = await RunAsync();

        Assert.True(result.For(RetentionPurgeJob.ConsentEvents)!.Rows >= 3);
        Assert.Equal(0L, await CountConsentAsync(expired));
        Assert.Equal(2L, await CountConsentAsync(kept));
        using var client = _api.CreateAppClient();
        var export = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/consents/{Uri.EscapeDataString(kept)}/export", UriKind.Relative));
        Assert.True(export.GetProperty("verified").GetBoolean());
        Assert.Equal(2, export.GetProperty("consent").GetProperty("events").GetArrayLength());
        // Purged whole: the number is unknown again.
        var gone = await client.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(expired)}/export", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ConsentLedger_DeleteWithoutThePurgeRole_IsRefused_EvenForTheTestsSuperuser()
    {
        var phone = TestNumbers.Delivered();
        await InsertConsentEventAsync(phone, "opt_in", DateTimeOffset.UtcNow.AddYears(-6), optInMessage: "Yes");
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var superuser = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        Assert.True((bool)(await superuser.ExecuteScalarAsync())!, "this test shows the trigger holds even for a superuser");

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var delete = new NpgsqlCommand("DELETE FROM consent_events WHERE phone = $1", connection, transaction) { Parameters = { new() { Value = phone } } };
            var refused = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
            Assert.Contains("append-only (DELETE refused)", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1L, await CountConsentAsync(phone));
        await RunAsync();
        Assert.Equal(0L, await CountConsentAsync(phone));
    }

    [Fact]
    public async Task ManyRows_ArePurgedInSeveralBatches_CountedByTheMetric()
    {
        var app = $"retention-{Guid.NewGuid():N}"[..30];
        var old = DateTimeOffset.UtcNow.AddDays(-60);
        await ExecuteAsync("""
            INSERT INTO messages (id, app_id, "to", country, body, purpose, status, due_at, created_at, updated_at, attempts, override_opt_in, claimed_at, final_at)
            SELECT gen_random_uuid(), $1, '+14155550100', 'US', 'bulk body ' || n, 'transactional', $2, $3, $3, $3, 1, false, $3, $3
            FROM generate_series(1, 20000) AS n
            """, app, MessageStatus.Delivered, old);
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "notifications.retention.purged")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "table" && (string?)tag.Value == RetentionPurgeJob.MessageBodies)
                {
                    Interlocked.Add(ref counted, value);
                }
            }
        });
        listener.Start();

        var result = await RunAsync();

        var bodies = result.For(RetentionPurgeJob.MessageBodies)!;
        Assert.True(bodies.Batches >= 4, $"{bodies.Rows} rows in {bodies.Batches} batches");
        Assert.True(bodies.Rows >= 20_000);
        Assert.True(bodies.Done);
        Assert.Equal(bodies.Rows, Interlocked.Read(ref counted));
        await using var db = services.CreateDbContext();
        Assert.Equal(20_000, await db.Messages.CountAsync(m => m.AppId == app && m.Body == string.Empty));
    }

    [Fact]
    public async Task RunBudget_Spent_StopsAfterABatch_AndTheNextRunGoesOn()
    {
        var app = $"retention-{Guid.NewGuid():N}"[..30];
        // Older than anything else the tests write, so each batch takes these first.
        var old = DateTimeOffset.UtcNow.AddDays(-4000);
        await ExecuteAsync("""
            INSERT INTO messages (id, app_id, "to", country, body, purpose, status, due_at, created_at, updated_at, attempts, override_opt_in, claimed_at, final_at)
            SELECT gen_random_uuid(), $1, '+14155550100', 'US', 'body ' || n, 'transactional', $2, $3 + n * interval '1 second', $3 + n * interval '1 second', $3, 1, false, $3, $3
            FROM generate_series(1, 250) AS n
            """, app, MessageStatus.Failed, old);
        var tight = new RetentionOptions { BatchSize = 100, RunBudget = TimeSpan.Zero };

        var first = await RunAsync(tight);
        Assert.False(first.Finished);
        Assert.Equal(new RetentionTableResult(RetentionPurgeJob.MessageBodies, 100, 1, Done: false), first.Tables.Single());
        Assert.Equal(150, await RemainingAsync());

        var second = await RunAsync(tight);
        Assert.False(second.Finished);
        Assert.Equal(50, await RemainingAsync());

        Assert.True((await RunAsync()).Finished);
        Assert.Equal(0, await RemainingAsync());

        async Task<int> RemainingAsync()
        {
            await using var db = services.CreateDbContext();
            return await db.Messages.CountAsync(m => m.AppId == app && m.Body != string.Empty);
        }
    }

    private async Task<RetentionPurgeResult> RunAsync(RetentionOptions? settings = null)
    {
        var job = new RetentionPurgeJob(
            _dataSource, Options.Create(settings ?? new RetentionOptions()), new RetentionMetrics(_metrics.GetRequiredService<IMeterFactory>()),
            TimeProvider.System, NullLogger<RetentionPurgeJob>.Instance);
        return await job.RunAsync(CancellationToken.None);
    }

    private async Task<Guid> InsertAsync(string status, DateTimeOffset created, DateTimeOffset? final, string? fallback = null, bool createdId = false)
    {
        var message = TestMessages.HandedOver("body", created, status: status);
        if (createdId)
        {
            // As the API makes them: a UUIDv7 of the creation time.
            message.Id = Guid.CreateVersion7(created);
        }

        message.FinalAt = final;
        message.FallbackStatus = fallback;
        message.FallbackEmail = fallback is null ? null : "someone@example.com";
        message.FallbackRequestedAt = fallback is null ? null : created;
        return (await services.InsertAsync(message)).Id;
    }

    private async Task<string> InsertInboundAsync(string from, string body, DateTimeOffset receivedAt)
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        await using var db = services.CreateDbContext();
        db.InboundMessages.Add(new InboundMessage
        {
            MessageSid = sid, From = from, To = "+15005550006", Body = body, Classification = "other", Reply = "<Response/>", ReceivedAt = receivedAt,
        });
        await db.SaveChangesAsync();
        return sid;
    }

    /// <summary>Appends an event as the ledger does (the insert trigger chains it), with the times given.</summary>
    private Task InsertConsentEventAsync(
        string phone, string kind, DateTimeOffset at, string? optInMessage = null, string? textReceived = null, string? inboundSid = null) =>
        ExecuteAsync("""
            INSERT INTO consent_events (phone, purpose, kind, occurred_at, recorded_at, source, opt_in_message, text_received, inbound_message_sid, captured_by)
            VALUES ($1, 'marketing', $2, $3, $3, $4, $5, $6, $7, 'tests')
            """, phone, kind, at, optInMessage is null ? "keyword" : "web-form",
            (object?)optInMessage ?? DBNull.Value, (object?)textReceived ?? DBNull.Value, (object?)inboundSid ?? DBNull.Value);

    private async Task<long> CountConsentAsync(string phone)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM consent_events WHERE phone = $1", connection) { Parameters = { new() { Value = phone } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> SendAsync(HttpClient client, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
