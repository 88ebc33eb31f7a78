using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Reporting;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Reporting;

/// <summary>The channel-reliability report over daily rollups against the same report over raw rows, on real PostgreSQL.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ReportRollupTests : IAsyncLifetime
{
    private const string App = "rollups";
    private const string Key = "rollups-app-key-0123456789";
    private const string TodayApp = "rollups-today";
    private const string TodayKey = "rollups-today-key-0123456789";
    private const string MonthsApp = "rollups-months";
    private const string MonthsKey = "rollups-months-key-0123456789";
    private static readonly string[] GroupBys = ["day", "country", "sender", "errorCode"];
    private readonly ServicesFixture _services;
    private readonly ApiFactory _api;

    public ReportRollupTests(ServicesFixture services)
    {
        _services = services;
        _api = new ApiFactory(services, new Dictionary<string, string?> { [$"ApiKeys:{App}"] = Key, [$"ApiKeys:{TodayApp}"] = TodayKey, [$"ApiKeys:{MonthsApp}"] = MonthsKey });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Report_FromRollups_MatchesRawRows_OverDaysAndToday_AndALateCallbackOnAnOldDay()
    {
        // Three closed days some weeks back (later than any other test's fixed days), and today.
        var now = DateTimeOffset.UtcNow;
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var firstDay = today.AddDays(-10 - Random.Shared.Next(0, 60));
        DateOnly[] days = [.. Enumerable.Range(0, 3).Select(i => DateOnly.FromDateTime(firstDay.AddDays(i).UtcDateTime))];
        var late = await InsertFixtureAsync(firstDay, today, now);

        await using var connection = new NpgsqlConnection(_services.DatabaseConnectionString);
        await connection.OpenAsync();
        Assert.Equal(days, await DaysAsync(connection, "SELECT day FROM message_stats_dirty WHERE day = ANY($1) ORDER BY day", days));

        var query = string.Create(CultureInfo.InvariantCulture, $"from={firstDay:yyyy-MM-dd}T00:00:00Z&to={today.AddDays(1):yyyy-MM-dd}T00:00:00Z");
        var raw = await ReportsAsync(query);

        await DailyStats.RollUpAsync(connection, null, days, CancellationToken.None);
        Assert.Empty(await DaysAsync(connection, "SELECT day FROM message_stats_dirty WHERE day = ANY($1)", days));
        Assert.Equal(days, await DaysAsync(connection, "SELECT DISTINCT day FROM message_daily_stats WHERE app_id = 'rollups' AND day = ANY($1) ORDER BY day", days));
        var rolledUp = await ReportsAsync(query);
        AssertSameReports(raw, rolledUp);

        // A delivery receipt arrives days late for a message of the first day: that day is read raw again at once.
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["MessageSid"] = late.ProviderSid!,
            ["MessageStatus"] = "delivered",
            ["To"] = late.To,
            ["From"] = "+15005550006",
        };
        var path = $"/api/webhooks/twilio/status?messageId={late.Id}";
        var response = await _api.PostSignedAsync(path, form, signature: TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.StatusCallbackUrl + $"?messageId={late.Id}", form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([days[0]], await DaysAsync(connection, "SELECT day FROM message_stats_dirty WHERE day = ANY($1)", days));

        var afterCallback = await ReportsAsync(query);
        Assert.Equal(
            raw["day"].GetProperty("totals").GetProperty("delivered").GetInt32() + 1,
            afterCallback["day"].GetProperty("totals").GetProperty("delivered").GetInt32());

        await DailyStats.RollUpAsync(connection, null, days, CancellationToken.None);
        var rolledUpAgain = await ReportsAsync(query);

        // The raw truth: the same period with no sealed day.
        await using (var unseal = new NpgsqlCommand("DELETE FROM message_stats_days WHERE day = ANY($1)", connection) { Parameters = { new() { Value = days } } })
        {
            await unseal.ExecuteNonQueryAsync();
        }

        var rawAfter = await ReportsAsync(query);
        AssertSameReports(rawAfter, afterCallback);
        AssertSameReports(rawAfter, rolledUpAgain);
    }

    [Fact]
    public async Task Report_WithAPartialFirstDay_ReadsItsRawRowsAndTheNextDayFromItsRollup()
    {
        var now = DateTimeOffset.UtcNow;
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var day = today.AddDays(-80 - Random.Shared.Next(0, 60));
        await using (var db = _services.CreateDbContext())
        {
            db.Messages.Add(Row(day.AddHours(2), "US", "+15005550006", MessageStatus.Delivered, TimeSpan.FromSeconds(4)));
            db.Messages.Add(Row(day.AddHours(20), "US", "+15005550006", MessageStatus.Delivered, TimeSpan.FromSeconds(4)));
            db.Messages.Add(Row(day.AddHours(34), "US", "+15005550006", MessageStatus.Delivered, TimeSpan.FromSeconds(4)));
            await db.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(_services.DatabaseConnectionString);
        await connection.OpenAsync();
        await DailyStats.RollUpAsync(connection, null, [DateOnly.FromDateTime(day.UtcDateTime), DateOnly.FromDateTime(day.AddDays(1).UtcDateTime)], CancellationToken.None);

        using var client = _api.CreateAppClient(Key);
        var report = await client.GetFromJsonAsync<JsonElement>(string.Create(CultureInfo.InvariantCulture,
            $"/api/reports/channel-reliability?from={day.AddHours(12):yyyy-MM-ddTHH:mm:ss}Z&to={day.AddDays(2):yyyy-MM-dd}T00:00:00Z"));

        // The first day's afternoon from its raw rows, the whole second day from its rollup.
        Assert.Equal(2, report.GetProperty("totals").GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task Report_FromTodaysSlices_MatchesRawRows_AndAStatusChangeInARolledUpSliceShowsAtOnce()
    {
        // Today's messages twenty minutes ago: minutes the rollup job may compute (they ended more than 3 minutes ago).
        var now = DateTimeOffset.UtcNow;
        var at = now.AddMinutes(-20);
        await using (var db = _services.CreateDbContext())
        {
            for (var i = 1; i <= 6; i++)
            {
                db.Messages.Add(Row(at.AddSeconds(i), i % 2 == 0 ? "GB" : "US", i % 2 == 0 ? "AcmeAlerts" : "+15005550006",
                    MessageStatus.Delivered, TimeSpan.FromSeconds(2 * i), confirmed: i == 1, app: TodayApp));
            }

            db.Messages.Add(Row(at.AddSeconds(10), "US", "+15005550006", MessageStatus.Undelivered, null, errorCode: 30006, fallback: (FallbackStatus.Delivered, "30006"), app: TodayApp));
            db.Messages.Add(Row(at.AddSeconds(11), "IN", "ACMEIN", MessageStatus.Failed, null, errorCode: 21211, app: TodayApp));
            await db.SaveChangesAsync();
        }

        var pending = TestMessages.HandedOver("slice receipt", at.AddSeconds(12), status: MessageStatus.Sent);
        pending.AppId = TodayApp;
        pending.SentAt = pending.CreatedAt.AddSeconds(1);
        await _services.InsertAsync(pending);

        var query = string.Create(CultureInfo.InvariantCulture, $"from={at.AddHours(-1):yyyy-MM-ddTHH:mm:ss}Z&to={now.AddDays(1):yyyy-MM-ddTHH:mm:ss}Z");
        var raw = await ReportsAsync(query, TodayKey);
        Assert.Equal(9, raw["day"].GetProperty("totals").GetProperty("messages").GetInt32());

        await using var dataSource = NpgsqlDataSource.Create(_services.DatabaseConnectionString);
        await DaySlices.RollUpDueAsync(dataSource, CancellationToken.None);
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_slices WHERE slice_start <= $1 AND slice_end > $1", at));
        Assert.Equal(0, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_dirty_minutes WHERE minute = date_trunc('minute', $1::timestamptz)", at));
        Assert.True(await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_slice_stats WHERE app_id = 'rollups-today'", at) > 0);
        AssertSameReports(raw, await ReportsAsync(query, TodayKey));

        // The report reads the slice: a figure changed in it alone shows (then the slice is computed again).
        await ScalarAsync(dataSource, """
            WITH u AS (UPDATE message_slice_stats SET messages = messages + 1000
                       WHERE ctid = (SELECT ctid FROM message_slice_stats WHERE app_id = 'rollups-today' LIMIT 1) RETURNING 1)
            SELECT count(*)::int FROM u
            """, at);
        var tampered = await ReportsAsync(query, TodayKey);
        Assert.Equal(raw["day"].GetProperty("totals").GetProperty("messages").GetInt32() + 1000, tampered["day"].GetProperty("totals").GetProperty("messages").GetInt32());
        await ScalarAsync(dataSource, "INSERT INTO message_stats_dirty_minutes (minute) VALUES (date_trunc('minute', $1::timestamptz)) RETURNING 0", at);
        await DaySlices.RollUpDueAsync(dataSource, CancellationToken.None);
        AssertSameReports(raw, await ReportsAsync(query, TodayKey));

        // A delivery receipt for a message of that slice: its minute is marked, and the next report counts it.
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["MessageSid"] = pending.ProviderSid!,
            ["MessageStatus"] = "delivered",
            ["To"] = pending.To,
            ["From"] = "+15005550006",
        };
        var path = $"/api/webhooks/twilio/status?messageId={pending.Id}";
        var response = await _api.PostSignedAsync(path, form, signature: TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.StatusCallbackUrl + $"?messageId={pending.Id}", form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var afterCallback = await ReportsAsync(query, TodayKey);
        Assert.Equal(
            raw["day"].GetProperty("totals").GetProperty("delivered").GetInt32() + 1,
            afterCallback["day"].GetProperty("totals").GetProperty("delivered").GetInt32());

        await DaySlices.RollUpDueAsync(dataSource, CancellationToken.None);
        Assert.Equal(0, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_dirty_minutes WHERE minute = date_trunc('minute', $1::timestamptz)", at));
        var rolledUpAgain = await ReportsAsync(query, TodayKey);

        // The raw truth: the same period with no slice.
        await ScalarAsync(dataSource, "WITH d AS (DELETE FROM message_stats_slices WHERE slice_start <= $1 AND slice_end > $1 RETURNING 1) SELECT count(*)::int FROM d", at);
        var rawAfter = await ReportsAsync(query, TodayKey);
        Assert.Equal(9, rawAfter["day"].GetProperty("totals").GetProperty("messages").GetInt32());
        AssertSameReports(rawAfter, afterCallback);
        AssertSameReports(rawAfter, rolledUpAgain);
    }

    [Fact]
    public async Task Report_OverWholeMonths_ReadsMonthAndDayTotals_MatchingRawRows_AndAChangedDayIsReadRawUntilItsMonthIsComputedAgain()
    {
        // Two whole months 8 to 10 months back (earlier than any other test's days), a day before them and a part of
        // the day after them.
        var now = DateTimeOffset.UtcNow;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-8 - Random.Shared.Next(0, 3));
        var end = month.AddMonths(2);
        DateTimeOffset[] at = [month.AddDays(-1).AddHours(5), month.AddHours(1), month.AddDays(14).AddHours(12), end.AddDays(-28).AddHours(3),
            end.AddDays(-1).AddHours(23), end.AddHours(2)];
        var changed = Row(at[2].AddMinutes(30), "US", "+15005550006", MessageStatus.Sent, null, app: MonthsApp);
        await using (var db = _services.CreateDbContext())
        {
            for (var d = 0; d < at.Length; d++)
            {
                for (var i = 1; i <= 3 + d; i++)
                {
                    db.Messages.Add(Row(at[d].AddMinutes(i), i % 2 == 0 ? "GB" : "US", i % 2 == 0 ? "AcmeAlerts" : "+15005550006",
                        MessageStatus.Delivered, TimeSpan.FromSeconds(3 * i + d), confirmed: i == 1, app: MonthsApp));
                }

                db.Messages.Add(Row(at[d].AddHours(-1), "US", "+15005550006", MessageStatus.Undelivered, null, errorCode: 30006, fallback: (FallbackStatus.Delivered, "30006"), app: MonthsApp));
                db.Messages.Add(Row(at[d].AddMinutes(-30), "IN", "ACMEIN", MessageStatus.Failed, null, errorCode: 21211, fallback: (FallbackStatus.Bounced, "21211"), app: MonthsApp));
            }

            changed.FinalAt = null;
            db.Messages.Add(changed);
            await db.SaveChangesAsync();
        }

        var query = string.Create(CultureInfo.InvariantCulture, $"from={month.AddDays(-1):yyyy-MM-dd}T00:00:00Z&to={end:yyyy-MM-dd}T12:00:00Z");
        var raw = await ReportsAsync(query, MonthsKey);

        await using var dataSource = NpgsqlDataSource.Create(_services.DatabaseConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);
        DateOnly[] days = [.. Enumerable.Range(-1, (end - month).Days + 2).Select(i => Day(month.AddDays(i)))];
        var (firstMonth, secondMonth) = (Day(month), Day(month.AddMonths(1)));

        // A month has rows once every one of its days is sealed.
        await DailyStats.RollUpAsync(connection, null, days[..^2], CancellationToken.None);
        Assert.Equal([firstMonth], await DaysAsync(connection, "SELECT month FROM message_stats_months WHERE month = ANY($1) ORDER BY month", [firstMonth, secondMonth]));
        await DailyStats.RollUpAsync(connection, null, days[^2..], CancellationToken.None);
        Assert.Equal([firstMonth, secondMonth], await DaysAsync(connection, "SELECT month FROM message_stats_months WHERE month = ANY($1) ORDER BY month", [firstMonth, secondMonth]));
        AssertSameReports(raw, await ReportsAsync(query, MonthsKey));

        // The report reads the months' rows (grouped by country) and the days' totals (grouped by day): a figure changed
        // in either alone shows.
        await ScalarAsync(dataSource, """
            WITH u AS (UPDATE message_month_stats SET messages = messages + 1000
                       WHERE ctid = (SELECT ctid FROM message_month_stats WHERE app_id = 'rollups-months' AND month = $1::date LIMIT 1) RETURNING 1)
            SELECT count(*)::int FROM u
            """, firstMonth);
        await ScalarAsync(dataSource, """
            WITH u AS (UPDATE message_day_totals SET messages = messages + 100
                       WHERE ctid = (SELECT ctid FROM message_day_totals WHERE app_id = 'rollups-months' AND day = $1::date LIMIT 1) RETURNING 1)
            SELECT count(*)::int FROM u
            """, Day(at[2]));
        var tampered = await ReportsAsync(query, MonthsKey);
        int Messages(Dictionary<string, JsonElement> reports, string groupBy) => reports[groupBy].GetProperty("totals").GetProperty("messages").GetInt32();
        Assert.Equal(Messages(raw, "country") + 1000, Messages(tampered, "country"));
        Assert.Equal(Messages(raw, "day") + 100, Messages(tampered, "day"));

        // A message of the first month changes: its day is read raw at once, its month not at all, until the rollups
        // compute that day (and so its month and totals) again.
        await ScalarAsync(dataSource, "WITH u AS (UPDATE messages SET status = 'delivered', final_at = created_at + interval '9 seconds' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", changed.Id);
        var afterChange = await ReportsAsync(query, MonthsKey);
        Assert.Equal(raw["country"].GetProperty("totals").GetProperty("delivered").GetInt32() + 1, afterChange["country"].GetProperty("totals").GetProperty("delivered").GetInt32());
        Assert.Equal(Messages(raw, "country"), Messages(afterChange, "country"));
        await DailyStats.RollUpAsync(connection, null, [Day(changed.CreatedAt)], CancellationToken.None);
        Assert.Equal([firstMonth, secondMonth], await DaysAsync(connection, "SELECT month FROM message_stats_months WHERE month = ANY($1) ORDER BY month", [firstMonth, secondMonth]));
        var rolledUpAgain = await ReportsAsync(query, MonthsKey);
        Assert.Equal(Messages(raw, "country"), Messages(rolledUpAgain, "country"));

        // A day sealed again by a version that kept no totals or months (an upgrade's old worker): its rows are right but
        // its totals and month are not; the report reads it raw, and neither of them, until the job computes it again.
        var oldSeal = Day(at[3]);
        await ScalarAsync(dataSource, """
            WITH u AS (UPDATE message_day_totals SET messages = messages + 100 WHERE app_id = 'rollups-months' AND day = $1 RETURNING 1),
                 v AS (UPDATE message_month_stats SET messages = messages + 1000 WHERE app_id = 'rollups-months' AND month = date_trunc('month', $1)::date RETURNING 1),
                 w AS (UPDATE message_stats_days SET sealed_at = clock_timestamp() WHERE day = $1 RETURNING 1)
            SELECT (SELECT count(*) FROM u)::int + (SELECT count(*) FROM v)::int + (SELECT count(*) FROM w)::int
            """, oldSeal);
        AssertSameReports(rolledUpAgain, await ReportsAsync(query, MonthsKey));
        Assert.Equal([oldSeal], await DaysAsync(connection, "SELECT day FROM message_stats_days WHERE day = ANY($1) AND coarse_at IS DISTINCT FROM sealed_at", days));
        await DailyStats.RollUpAsync(connection, null, [oldSeal], CancellationToken.None);
        AssertSameReports(rolledUpAgain, await ReportsAsync(query, MonthsKey));

        // The raw truth: the same period with no sealed day (and so no month).
        await using (var unseal = new NpgsqlCommand("DELETE FROM message_stats_days WHERE day = ANY($1)", connection) { Parameters = { new() { Value = days } } })
        {
            await unseal.ExecuteNonQueryAsync();
        }

        var rawAfter = await ReportsAsync(query, MonthsKey);
        Assert.Equal(Messages(raw, "day"), Messages(rawAfter, "day"));
        AssertSameReports(rawAfter, afterChange);
        AssertSameReports(rawAfter, rolledUpAgain);
    }

    [Fact]
    public async Task RollUpDueDays_FirstRunSealsFromTheFirstOfTheOldestMonth_AndADaySealedWithoutItsTotalsIsDueAgain() =>
        await WithOwnDatabaseAsync(async dataSource =>
        {
            var first = await SeedTwoMonthsAsync(dataSource);
            while (await DailyStats.RollUpDueDaysAsync(dataSource, CancellationToken.None) > 0)
            {
            }

            await AssertTwoMonthsSealedAsync(dataSource, first);

            // The previous version seals the tenth day again (its own rollups, no totals, no month): that day is due, and
            // computing it again computes its month too.
            await ScalarAsync(dataSource, """
                WITH v AS (UPDATE message_month_stats SET messages = messages + 1000 WHERE month = $1 RETURNING 1),
                     w AS (UPDATE message_stats_days SET sealed_at = clock_timestamp() WHERE day = $1 + 9 RETURNING 1)
                SELECT (SELECT count(*) FROM v)::int + (SELECT count(*) FROM w)::int
                """, first);
            Assert.Equal(1, await DailyStats.RollUpDueDaysAsync(dataSource, CancellationToken.None));
            Assert.Equal(0, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_days WHERE coarse_at IS DISTINCT FROM sealed_at", first));
            Assert.Equal(2, await ScalarAsync(dataSource, "SELECT sum(messages)::int FROM message_month_stats WHERE month = $1", first));
            Assert.Equal(0, await DailyStats.RollUpDueDaysAsync(dataSource, CancellationToken.None));
        });

    [Fact]
    public async Task RollUpDueDays_KilledHalfWay_LeavesNothingSealed_AndTheFollowingRunsSealEverything() =>
        await WithOwnDatabaseAsync(async dataSource =>
        {
            var first = await SeedTwoMonthsAsync(dataSource);
            Assert.Equal(2, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_dirty", first));

            // Another transaction holds off writes to the months' rows, so the job's transaction stops there, after its
            // statements on the days' rows, totals and seals have run; then its backend is terminated, as a crash or a
            // failover would end it.
            await using var blocker = await dataSource.OpenConnectionAsync();
            await using var hold = await blocker.BeginTransactionAsync();
            await using (var share = new NpgsqlCommand("LOCK TABLE message_month_stats IN SHARE MODE", blocker, hold))
            {
                await share.ExecuteNonQueryAsync();
            }

            var job = DailyStats.RollUpDueDaysAsync(dataSource, CancellationToken.None);
            try
            {
                var waiting = await WaitingOnMonthsAsync(dataSource, TimeSpan.FromSeconds(30));
                await using (var written = dataSource.CreateCommand("""
                    SELECT array_agg(relation::regclass::text ORDER BY relation::regclass::text) FROM pg_locks
                    WHERE pid = $1 AND mode = 'RowExclusiveLock'
                      AND relation::regclass::text IN ('message_stats_dirty', 'message_daily_stats', 'message_stats_days', 'message_day_totals')
                    """))
                {
                    written.Parameters.Add(new() { Value = waiting });
                    var tables = Assert.IsType<string[]>(await written.ExecuteScalarAsync());
                    Assert.Equal(["message_daily_stats", "message_day_totals", "message_stats_days", "message_stats_dirty"], tables);
                }

                await using var terminate = dataSource.CreateCommand("SELECT pg_terminate_backend($1)");
                terminate.Parameters.Add(new() { Value = waiting });
                Assert.True((bool)(await terminate.ExecuteScalarAsync())!);
                var killed = await Assert.ThrowsAsync<PostgresException>(() => job);
                Assert.Equal(PostgresErrorCodes.AdminShutdown, killed.SqlState);
            }
            finally
            {
                await hold.RollbackAsync();
                await Task.WhenAny(job);
            }

            foreach (var table in (string[])["message_stats_days", "message_daily_stats", "message_day_totals", "message_stats_months", "message_month_stats"])
            {
                Assert.Equal(0, await ScalarAsync(dataSource, $"SELECT count(*)::int FROM {table}", first));
            }

            Assert.Equal(2, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_dirty", first));
            while (await DailyStats.RollUpDueDaysAsync(dataSource, CancellationToken.None) > 0)
            {
            }

            await AssertTwoMonthsSealedAsync(dataSource, first);
            Assert.Equal(0, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_dirty", first));
        });

    /// <summary>The backend waiting for a lock on <c>message_month_stats</c>, polled until <paramref name="patience"/> runs out.</summary>
    private static async Task<int> WaitingOnMonthsAsync(NpgsqlDataSource dataSource, TimeSpan patience)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // A connection of its own each time: a transaction sees pg_stat_activity as it was when first read.
            await using var find = dataSource.CreateCommand("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
                  AND query LIKE '%message_month_stats%'
                """);
            if (await find.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            Assert.True(clock.Elapsed < patience, "the rollup job never waited for the months' rows");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs <paramref name="test"/> on a migrated database of its own: the rollup job takes every day since the oldest message, and the shared database has every test's.</summary>
    private async Task WithOwnDatabaseAsync(Func<NpgsqlDataSource, Task> test)
    {
        var name = "rollups_own_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(_services.DatabaseConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_services.DatabaseConnectionString) { Database = name }.ConnectionString;
        try
        {
            await using (var db = new NotificationsDbContext(new DbContextOptionsBuilder<NotificationsDbContext>()
                .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
                .UseSnakeCaseNamingConvention()
                .Options))
            {
                await db.Database.MigrateAsync();
            }

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await test(dataSource);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_services.DatabaseConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Three messages in two whole months well before today (three and two months back), none on their first day; returns the first month.</summary>
    private static async Task<DateOnly> SeedTwoMonthsAsync(NpgsqlDataSource dataSource)
    {
        var now = DateTimeOffset.UtcNow;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-3);
        await using (var db = new NotificationsDbContext(new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .Options))
        {
            db.Messages.Add(Row(month.AddDays(9).AddHours(8), "US", "+15005550006", MessageStatus.Delivered, TimeSpan.FromSeconds(4)));
            db.Messages.Add(Row(month.AddDays(9).AddHours(9), "GB", "AcmeAlerts", MessageStatus.Delivered, TimeSpan.FromSeconds(6)));
            db.Messages.Add(Row(month.AddMonths(1).AddDays(4), "US", "+15005550006", MessageStatus.Failed, null, errorCode: 21211));
            await db.SaveChangesAsync();
        }

        return DateOnly.FromDateTime(month.UtcDateTime);
    }

    /// <summary>Sealing started on the first of the oldest message's month, both months have rows with all three messages, and every day has its totals.</summary>
    private static async Task AssertTwoMonthsSealedAsync(NpgsqlDataSource dataSource, DateOnly first)
    {
        Assert.Equal(first, await ScalarAsync<DateOnly>(dataSource, "SELECT min(day) FROM message_stats_days", first));
        Assert.Equal(2, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_months WHERE month IN ($1, ($1 + interval '1 month')::date)", first));
        Assert.Equal(0, await ScalarAsync(dataSource, "SELECT count(*)::int FROM message_stats_days WHERE coarse_at IS DISTINCT FROM sealed_at", first));
        Assert.Equal(3, await ScalarAsync(dataSource, "SELECT sum(messages)::int FROM message_month_stats WHERE month IN ($1, ($1 + interval '1 month')::date)", first));
    }

    private static Task<int> ScalarAsync(NpgsqlDataSource dataSource, string sql, object at) => ScalarAsync<int>(dataSource, sql, at);

    /// <summary>The first column of the first row of <paramref name="sql"/>, with <paramref name="at"/> as <c>$1</c> when it has one.</summary>
    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, object at)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (sql.Contains("$1", StringComparison.Ordinal))
        {
            command.Parameters.Add(new() { Value = at });
        }

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<T>(0);
    }

    private async Task<Message> InsertFixtureAsync(DateTimeOffset firstDay, DateTimeOffset today, DateTimeOffset now)
    {
        var todayAt = now - TimeSpan.FromMinutes(1) < today ? today : now - TimeSpan.FromMinutes(1);
        Message late;
        await using (var db = _services.CreateDbContext())
        {
            for (var d = 0; d < 3; d++)
            {
                var at = firstDay.AddDays(d).AddHours(9);
                for (var i = 1; i <= 5 + d; i++)
                {
                    db.Messages.Add(Row(at.AddMinutes(i), i % 2 == 0 ? "GB" : "US", i % 2 == 0 ? "AcmeAlerts" : "+15005550006",
                        MessageStatus.Delivered, TimeSpan.FromSeconds(3 * i + d), confirmed: i == 1));
                }

                db.Messages.Add(Row(at.AddHours(1), "US", "+15005550006", MessageStatus.Undelivered, null, errorCode: 30006, fallback: (FallbackStatus.Delivered, "30006")));
                db.Messages.Add(Row(at.AddHours(2), "IN", "ACMEIN", MessageStatus.Failed, null, errorCode: 21211, fallback: (FallbackStatus.Bounced, "21211")));
                db.Messages.Add(Row(at.AddHours(3), "US", null, MessageStatus.NoConsent, null, attempts: 0));
            }

            for (var i = 1; i <= 3; i++)
            {
                db.Messages.Add(Row(todayAt, "US", "+15005550006", MessageStatus.Delivered, TimeSpan.FromSeconds(7 * i)));
            }

            late = TestMessages.HandedOver("late receipt", firstDay.AddHours(15), status: MessageStatus.Sent);
            late.AppId = App;
            late.SentAt = late.CreatedAt.AddSeconds(1);
            db.Messages.Add(late);
            await db.SaveChangesAsync();
        }

        return late;
    }

    private static Message Row(DateTimeOffset created, string country, string? sender, string status, TimeSpan? finalAfter,
        int attempts = 1, int? errorCode = null, (string Status, string Reason)? fallback = null, bool confirmed = false, string app = App) => new()
    {
        Id = Guid.CreateVersion7(created),
        AppId = app,
        To = TestNumbers.Delivered(),
        Country = country,
        Body = "rollup fixture",
        Purpose = "transactional",
        Status = status,
        Attempts = attempts,
        Segments = 1 + (attempts % 2),
        Sender = sender,
        ProviderSid = sender is null ? null : "SM" + Guid.NewGuid().ToString("N"),
        ErrorCode = errorCode,
        CreatedAt = created,
        UpdatedAt = created,
        DueAt = created,
        ClaimedAt = created,
        FinalAt = created + (finalAfter ?? TimeSpan.FromSeconds(2)),
        FallbackEmail = fallback is null ? null : "someone@example.com",
        FallbackStatus = fallback?.Status,
        FallbackReason = fallback?.Reason,
        ConfirmedAt = confirmed ? created + TimeSpan.FromMinutes(1) : null,
    };

    private async Task<Dictionary<string, JsonElement>> ReportsAsync(string query, string key = Key)
    {
        using var client = _api.CreateAppClient(key);
        var reports = new Dictionary<string, JsonElement>();
        foreach (var groupBy in GroupBys)
        {
            reports[groupBy] = await client.GetFromJsonAsync<JsonElement>($"/api/reports/channel-reliability?{query}&groupBy={groupBy}");
        }

        return reports;
    }

    private static async Task<DateOnly[]> DaysAsync(NpgsqlConnection connection, string sql, DateOnly[] days)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = days } } };
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<DateOnly>();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return [.. found];
    }

    /// <summary>Every figure equal, but the median time to delivery: the rollups estimate it within 1.6 %.</summary>
    private static void AssertSameReports(Dictionary<string, JsonElement> expected, Dictionary<string, JsonElement> actual)
    {
        foreach (var groupBy in GroupBys)
        {
            var (want, got) = (expected[groupBy], actual[groupBy]);
            AssertSameGroup(groupBy, want.GetProperty("totals"), got.GetProperty("totals"));
            var wantGroups = want.GetProperty("groups").EnumerateArray().ToList();
            var gotGroups = got.GetProperty("groups").EnumerateArray().ToList();
            Assert.Equal(wantGroups.Select(g => g.GetProperty("key").GetString()), gotGroups.Select(g => g.GetProperty("key").GetString()));
            foreach (var (w, g) in wantGroups.Zip(gotGroups))
            {
                AssertSameGroup($"{groupBy} {w.GetProperty("key").GetString()}", w, g);
            }
        }
    }

    private static void AssertSameGroup(string where, JsonElement expected, JsonElement actual)
    {
        foreach (var property in expected.EnumerateObject())
        {
            var other = actual.GetProperty(property.Name);
            if (property.Name == "medianSecondsToDelivery" && property.Value.ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(JsonValueKind.Number, other.ValueKind);
                var (want, got) = (property.Value.GetDouble(), other.GetDouble());
                Assert.True(Math.Abs(got - want) <= want * 0.016 + 0.001, $"{where}: median {got} is not within 1.6 % of {want}");
            }
            else
            {
                Assert.True(JsonElement.DeepEquals(property.Value, other), $"{where}: {property.Name} is {other} instead of {property.Value}");
            }
        }
    }
}
