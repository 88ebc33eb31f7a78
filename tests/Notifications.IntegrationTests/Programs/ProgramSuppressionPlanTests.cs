using System.Globalization;
using Notifications.Core.Consent;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Programs;

/// <summary>The gate's suppression check per program stays index probes when many programs hold many suppressions.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ProgramSuppressionPlanTests(ServicesFixture services)
{
    [Fact]
    public async Task Gate_WithManySuppressionsAcrossPrograms_ProbesTheKeyPerNumber()
    {
        // Programs of their own and numbers in a range no other test uses, so the rows added here change nothing another test reads.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var program = "plan-" + tag;
        var prefix = "+09" + tag[..4].Select(c => (char)('0' + (c % 10))).Aggregate(string.Empty, (s, c) => s + c);
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO suppressions (program, phone, active, reason, suppressed_at, updated_at)
            SELECT CASE n % 4 WHEN 0 THEN '*' WHEN 1 THEN $1 ELSE $1 || '-' || (n % 4)::text END,
                   $2 || lpad((n / 4)::text, 7, '0'), n % 5 <> 0, 'opt_out_keyword', now(), now()
            FROM generate_series(0, 39999) AS n
            ON CONFLICT DO NOTHING
            """, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = program });
            insert.Parameters.Add(new NpgsqlParameter { Value = prefix });
            await insert.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE suppressions", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        var phones = Enumerable.Range(0, 500).Select(n => prefix + n.ToString("0000000", CultureInfo.InvariantCulture)).ToArray();
        var query = ConsentGate.LookupSql(phones, program, DateTimeOffset.UtcNow);
        var sql = query.Format;
        for (var i = 0; i < query.ArgumentCount; i++)
        {
            sql = sql.Replace("{" + i.ToString(CultureInfo.InvariantCulture) + "}", "$" + (i + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
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
        Assert.True(text.Contains("pk_suppressions", StringComparison.Ordinal), text);
        Assert.DoesNotContain("Seq Scan on suppressions", text, StringComparison.Ordinal);
    }
}
