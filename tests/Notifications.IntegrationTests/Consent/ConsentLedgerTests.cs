using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Consent;

/// <summary>The ledger decides by when things happened, refuses to be changed, and shows when it was.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ConsentLedgerTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly ApiFactory _api = new(services);
    private readonly string _exports = Directory.CreateTempSubdirectory("consent-exports-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_exports, recursive: true);
    }

    [Fact]
    public async Task OptIn_RecordedAfterANewerRevocation_DoesNotBeatIt_ANewerOptInDoes()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing", DateTimeOffset.UtcNow.AddMinutes(-8)))).StatusCode);
        var revoke = await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { purpose = "marketing" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        // Captured before the revocation happened, recorded after it: the revocation stands.
        var late = await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing", DateTimeOffset.UtcNow.AddMinutes(-5)));

        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.Equal("revoked", MarketingStatus(await late.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(PurposeState.Revoked, (await GateAsync(phone)).Marketing);

        // Captured after the revocation: consent is given again.
        var newer = await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing", DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Created, newer.StatusCode);
        var state = await newer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("opted_in", MarketingStatus(state));
        Assert.Equal("re_opt_in", state.GetProperty("events").EnumerateArray().Last().GetProperty("kind").GetString());
        Assert.Equal(PurposeState.OptedIn, (await GateAsync(phone)).Marketing);
    }

    [Theory]
    [InlineData(-11)]
    [InlineData(-24 * 60)]
    [InlineData(6)]
    [InlineData(60)]
    public async Task RecordConsent_CapturedAtBackdatedOrAhead_Is400NamingCapturedAt(int minutes)
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();

        var response = await client.PostAsJsonAsync("/api/consents", OptIn(phone, "transactional", DateTimeOffset.UtcNow.AddMinutes(minutes)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("capturedAt", out _), $"errors should name capturedAt: {problem}");
        await using var db = services.CreateDbContext();
        Assert.False(await db.ConsentEvents.AnyAsync(e => e.Phone == phone));
    }

    [Theory]
    [InlineData(-9)]
    [InlineData(4)]
    public async Task RecordConsent_CapturedAtWithinTolerance_Is201(int minutes)
    {
        using var client = _api.CreateAppClient();

        var response = await client.PostAsJsonAsync("/api/consents", OptIn(TestNumbers.Delivered(), "transactional", DateTimeOffset.UtcNow.AddMinutes(minutes)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Ledger_RefusesTruncate()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "transactional", DateTimeOffset.UtcNow));
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();

        // In a transaction that is rolled back, so a ledger without the guard does not lose other tests' rows.
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var truncate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "TRUNCATE consent_events"));
            Assert.Contains("append-only (TRUNCATE refused)", truncate.MessageText, StringComparison.Ordinal);
            await transaction.RollbackAsync();
        }

        Assert.Equal(1L, await CountAsync(connection, phone));
    }

    [Fact]
    public async Task Ledger_RefusesDeleteOutsideThePurgeRole_EvenWithTheOldSessionFlag_ThePurgeRoleDeletes()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "transactional", DateTimeOffset.UtcNow));
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, "SET LOCAL notifications.retention_purge = on");
            var delete = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "DELETE FROM consent_events WHERE phone = $1", phone));
            Assert.Contains("append-only (DELETE refused)", delete.MessageText, StringComparison.Ordinal);
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, "SET LOCAL ROLE notifications_consent_purge");
            // The purge role has no UPDATE privilege, and the trigger would refuse it anyway.
            var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "UPDATE consent_events SET note = 'x' WHERE phone = $1", phone));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
        }

        Assert.Equal(1L, await CountAsync(connection, phone));
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, "SET LOCAL ROLE notifications_consent_purge");
            Assert.Equal(1, await ExecuteAsync(connection, "DELETE FROM consent_events WHERE phone = $1", phone));
            await transaction.CommitAsync();
        }

        Assert.Equal(0L, await CountAsync(connection, phone));
    }

    [Fact]
    public async Task Export_CleanLedger_IsVerified_AndTheOfflineCommandAgrees()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "transactional", DateTimeOffset.UtcNow.AddMinutes(-1)));
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing", DateTimeOffset.UtcNow));
        await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { purpose = "marketing", reason = "asked at the desk: «ne plus m'écrire»" });

        var (export, file) = await ExportAsync(client, phone);

        Assert.True(export.GetProperty("verified").GetBoolean());
        var events = export.GetProperty("consent").GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("previousHash").ValueKind);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].GetProperty("hash").GetString(), events[i].GetProperty("previousHash").GetString());
        }

        Assert.All(events, e => Assert.Equal("default", e.GetProperty("program").GetString()));
        Assert.Equal(0, await VerifyOfflineAsync(file));
    }

    [Fact]
    public async Task Export_AfterAPrivilegedEdit_IsNotVerified_AndTheOfflineCommandFails()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "transactional", DateTimeOffset.UtcNow.AddMinutes(-1)));
        await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { purpose = "transactional" });
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing", DateTimeOffset.UtcNow));

        // What only a privileged account can do: switch the ledger's triggers off and rewrite evidence.
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, "SET LOCAL session_replication_role = replica");
            Assert.Equal(1, await ExecuteAsync(connection,
                "UPDATE consent_events SET occurred_at = occurred_at + interval '1 hour' WHERE id = (SELECT min(id) FROM consent_events WHERE phone = $1 AND kind = 'revocation')", phone));
            await transaction.CommitAsync();
        }

        var (export, file) = await ExportAsync(client, phone);

        Assert.False(export.GetProperty("verified").GetBoolean());
        Assert.Equal(1, await VerifyOfflineAsync(file));
    }

    [Fact]
    public async Task Export_FileEditedAfterExport_FailsTheOfflineCommand()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing", DateTimeOffset.UtcNow));
        var (export, file) = await ExportAsync(client, phone);
        Assert.True(export.GetProperty("verified").GetBoolean());

        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace("203.0.113.10", "203.0.113.11", StringComparison.Ordinal));

        Assert.Equal(1, await VerifyOfflineAsync(file));
    }

    [Fact]
    public async Task Chain_FiftyConcurrentWritesForOneNumber_StayOneUnbrokenChain()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            client.PostAsJsonAsync("/api/consents", OptIn(phone, i % 2 == 0 ? "transactional" : "marketing", DateTimeOffset.UtcNow))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await using var db = services.CreateDbContext();
        var chain = await db.ConsentEvents.AsNoTracking().Where(e => e.Phone == phone).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(50, chain.Count);
        Assert.Null(chain[0].PreviousHash);
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].Hash, chain[i].PreviousHash);
        }

        Assert.Equal(50, chain.Select(e => e.PreviousHash ?? "first").Distinct(StringComparer.Ordinal).Count());
        Assert.Null(ConsentEventHash.FirstBroken(chain));
    }

    [Fact]
    public async Task Gate_WithManyEvents_IsOneIndexProbePerNumberAndPurpose()
    {
        // A program of its own, so the rows added here change nothing another test reads.
        var program = "plan-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            INSERT INTO consent_events (program, phone, purpose, kind, occurred_at, recorded_at, source, captured_by)
            SELECT $1, '+00' || lpad((n % 2000)::text, 9, '0'), CASE WHEN n % 3 = 0 THEN 'marketing' ELSE 'transactional' END,
                   CASE WHEN n % 7 = 0 THEN 'revocation' ELSE 'opt_in' END,
                   now() - (n || ' seconds')::interval, now(), 'api', 'plan-test'
            FROM generate_series(1, 20000) AS n
            """, program);
        await ExecuteAsync(connection, "ANALYZE consent_events");
        var phones = Enumerable.Range(0, 500).Select(n => "+00" + n.ToString("000000000", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var query = ConsentGate.LookupSql(phones, program, DateTimeOffset.UtcNow);
        var sql = query.Format;
        for (var i = 0; i < query.ArgumentCount; i++)
        {
            sql = sql.Replace("{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql, connection);
        foreach (var argument in query.GetArguments())
        {
            explain.Parameters.Add(new NpgsqlParameter { Value = argument });
        }

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.Contains("ix_consent_events_program_phone_purpose_occurred_at_id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on consent_events", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_ChainsExistingEvents_InOrder_WithoutChangingThem()
    {
        var database = "ledger_migration_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(services.DatabaseConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        }

        var connectionString = new NpgsqlConnectionStringBuilder(services.DatabaseConnectionString) { Database = database }.ConnectionString;
        await using var db = new NotificationsDbContext(new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261130091612_NumberHashKeys");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            INSERT INTO consent_events (phone, purpose, kind, occurred_at, recorded_at, source, source_url, opt_in_message, text_received, captured_by, note)
            VALUES ('+14155550101', 'marketing', 'opt_in', '2026-01-01T10:00:00.123456Z', '2026-01-01T10:00:01Z', 'web-form', 'https://shop.example.com', 'Yes, text me. Café', NULL, 'shop', NULL),
                   ('+14155550102', 'transactional', 'opt_in', '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z', 'api', NULL, 'Yes', NULL, 'shop', ''),
                   ('+14155550101', 'marketing', 'revocation', '2026-01-03T10:00:00Z', '2026-01-03T10:00:00Z', 'keyword', NULL, NULL, 'STOP', 'system', NULL),
                   ('+14155550101', 'transactional', 'opt_in', '2026-01-04T10:00:00Z', '2026-01-04T10:00:00Z', 'api', NULL, 'Yes', NULL, 'shop', 'note')
            """);
        var before = await RowsAsync(connection);

        await migrator.MigrateAsync();

        Assert.Equal(before, await RowsAsync(connection));
        var chained = await db.ConsentEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.All(chained, e => Assert.Equal(ConsentEvent.DefaultProgram, e.Program));
        Assert.All(chained, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
        Assert.Null(ConsentEventHash.FirstBroken(chained));
        Assert.Equal(chained[0].Hash, chained[2].PreviousHash);
        Assert.Null(chained[1].PreviousHash);

        // A new event continues the number's chain.
        await ExecuteAsync(connection, "INSERT INTO consent_events (phone, purpose, kind, occurred_at, recorded_at, source, captured_by) VALUES ('+14155550101', 'marketing', 'opt_in', now(), now(), 'api', 'shop')");
        var after = await db.ConsentEvents.AsNoTracking().Where(e => e.Phone == "+14155550101").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(chained[3].Hash, after[^1].PreviousHash);
        Assert.Null(ConsentEventHash.FirstBroken(after));

        await connection.CloseAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(services.DatabaseConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    /// <summary>What each event says, in the columns the ledger had before the chain.</summary>
    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT concat_ws('|', id, phone, purpose, kind, occurred_at, recorded_at, source, source_url, opt_in_message, text_received,
                             inbound_message_sid, ip_address, user_agent, captured_by, coalesce(note, '<null>'))
            FROM consent_events ORDER BY id
            """, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task<NumberConsent> GateAsync(string phone)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        var gate = scope.ServiceProvider.GetRequiredService<ConsentGate>();
        return (await gate.LookupAsync([phone], CancellationToken.None))[phone];
    }

    private async Task<(JsonElement Export, string File)> ExportAsync(HttpClient client, string phone)
    {
        var response = await client.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(phone)}/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var file = Path.Combine(_exports, $"consent-export-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, body);
        return (JsonDocument.Parse(body).RootElement.Clone(), file);
    }

    /// <summary>Runs the offline verify command as its own process, as an auditor would; its exit code.</summary>
    private static async Task<int> VerifyOfflineAsync(string file)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "Notifications.VerifyExport.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [tool, file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode is 0 or 1, $"verify command failed to run ({process.ExitCode}): {output}{error}");
        return process.ExitCode;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string phone)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM consent_events WHERE phone = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = phone });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string? MarketingStatus(JsonElement state) =>
        state.GetProperty("purposes").GetProperty("marketing").GetProperty("status").GetString();

    private static object OptIn(string phone, string purpose, DateTimeOffset capturedAt) => new
    {
        phone,
        purpose,
        source = "web-form",
        sourceUrl = "https://shop.example.com/signup",
        optInMessage = "Yes, text me offers and order updates. Consent is not a condition of purchase. Msg & data rates may apply.",
        capturedAt,
        ipAddress = "203.0.113.10",
        userAgent = "Mozilla/5.0 (X11; Linux x86_64)",
    };
}
