using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.EmailFallback;

/// <summary>The <c>email</c> of a marketing opt-in: validated, shown on the event, covered by the chain without changing any older hash.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ConsentEmailTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task RecordConsent_MarketingWithEmail_IsOnTheEvent_Verified_AndAnEditedEmailIsNot()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();

        var response = await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing", "ana@example.com"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var state = await client.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}");
        Assert.Equal("ana@example.com", state.GetProperty("events")[0].GetProperty("email").GetString());
        Assert.True((await ExportAsync(client, phone)).GetProperty("verified").GetBoolean());

        // What only a privileged account can do: switch the ledger's triggers off and rewrite the address.
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, "SET LOCAL session_replication_role = replica");
            Assert.Equal(1, await ExecuteAsync(connection, "UPDATE consent_events SET email = 'mallory@example.com' WHERE phone = $1", phone));
            await transaction.CommitAsync();
        }

        Assert.False((await ExportAsync(client, phone)).GetProperty("verified").GetBoolean());
    }

    [Theory]
    [InlineData("marketing", "not-an-address")]
    [InlineData("marketing", "Ana <ana@example.com>")]
    [InlineData("transactional", "ana@example.com")]
    [InlineData("marketing", "too-long")]
    public async Task RecordConsent_BadEmail_Is400NamingEmail_AndRecordsNothing(string purpose, string email)
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        var address = email == "too-long" ? new string('a', ConsentEvent.EmailMaxLength - "@example.com".Length + 1) + "@example.com" : email;

        var response = await client.PostAsJsonAsync("/api/consents", OptIn(phone, purpose, address));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _), $"errors should name email: {problem}");
        await using var db = services.CreateDbContext();
        Assert.False(await db.ConsentEvents.AnyAsync(e => e.Phone == phone));
    }

    [Fact]
    public async Task Migration_KeepsEveryExistingHash_OldRowsStillVerify_AndAnEventWithEmailChainsOn()
    {
        var database = "ledger_email_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(services.DatabaseConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        }

        var connectionString = new NpgsqlConnectionStringBuilder(services.DatabaseConnectionString) { Database = database }.ConnectionString;
        await using (var db = new NotificationsDbContext(new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261130120306_MessageProgram");
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();

            // Chained by the trigger as it was before the email existed.
            await ExecuteAsync(connection, """
                INSERT INTO consent_events (phone, purpose, kind, occurred_at, recorded_at, source, source_url, opt_in_message, captured_by, note)
                VALUES ('+14155550101', 'marketing', 'opt_in', '2026-01-01T10:00:00.123456Z', '2026-01-01T10:00:01Z', 'web-form', 'https://shop.example.com', 'Yes, text me. Café', 'shop', NULL),
                       ('+14155550101', 'marketing', 'revocation', '2026-01-03T10:00:00Z', '2026-01-03T10:00:00Z', 'keyword', NULL, NULL, 'system', '')
                """);
            var before = await HashesAsync(connection);

            await migrator.MigrateAsync();

            Assert.Equal(before, await HashesAsync(connection));
            Assert.Null(ConsentEventHash.FirstBroken(await db.ConsentEvents.AsNoTracking().ToListAsync()));

            await ExecuteAsync(connection, """
                INSERT INTO consent_events (phone, purpose, kind, occurred_at, recorded_at, source, opt_in_message, captured_by, email)
                VALUES ('+14155550101', 'marketing', 're_opt_in', now(), now(), 'api', 'Yes, email me offers', 'shop', 'ana@example.com')
                """);
            var chain = await db.ConsentEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(3, chain.Count);
            Assert.Equal(chain[1].Hash, chain[2].PreviousHash);
            Assert.Equal("ana@example.com", chain[2].Email);
            Assert.Null(ConsentEventHash.FirstBroken(chain));

            chain[2].Email = null;
            Assert.Equal(chain[2].Id, ConsentEventHash.FirstBroken(chain));
        }

        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(services.DatabaseConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    private static async Task<List<string>> HashesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT id || ':' || hash || ':' || coalesce(previous_hash, '-') FROM consent_events ORDER BY id", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<JsonElement> ExportAsync(HttpClient client, string phone)
    {
        var response = await client.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(phone)}/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
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

    private static object OptIn(string phone, string purpose, string? email) => new
    {
        phone,
        purpose,
        source = "web-form",
        sourceUrl = "https://shop.example.com/signup",
        optInMessage = "Yes, send me offers by text and email. Consent is not a condition of purchase. Msg & data rates may apply.",
        capturedAt = DateTimeOffset.UtcNow,
        ipAddress = "203.0.113.10",
        userAgent = "Mozilla/5.0 (X11; Linux x86_64)",
        email,
    };
}
