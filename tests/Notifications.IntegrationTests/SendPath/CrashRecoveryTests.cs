using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.SendPath;

/// <summary>One worker, slowed by its sender rate limit so that it can be killed in the middle of a batch.</summary>
public sealed class CrashRecoveryFixture : AppHostFixture
{
    public const string ApiKey = "crash-tests-key-000001";

    /// <summary>Lets the test find this stack's worker process among others running at the same time.</summary>
    public string Marker { get; } = Guid.NewGuid().ToString("N");

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<ProjectResource>("api").WithEnvironment("ApiKeys__tests", ApiKey)
            .WithEnvironment("Apps__tests__Scopes", ApiFactory.AllScopes);
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("NOTIFICATIONS_TEST_STACK", Marker)
            .WithEnvironment("Dispatch__AmbiguousAfter", "00:00:05")
            .WithEnvironment("Dispatch__ClaimTimeout", "00:00:05")
            .WithEnvironment("Dispatch__RecoveryInterval", "00:00:02")
            .WithEnvironment("Dispatch__SendConcurrency", "8")
            .WithEnvironment("Sms__Senders__default__MessagesPerSecond", "100");
    }
}

public sealed class CrashRecoveryTests(CrashRecoveryFixture stack) : IClassFixture<CrashRecoveryFixture>
{
    [Fact]
    public async Task WorkerKilledMidBatch_EveryMessageEndsOnce_AfterRestart()
    {
        var numbers = Enumerable.Range(0, 500).Select(_ => TestNumbers.Delivered()).ToList();
        using var api = stack.App.CreateHttpClient("api");
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CrashRecoveryFixture.ApiKey);
        var response = await api.PostAsJsonAsync("/api/messages/batch", new { messages = numbers.Select(to => new { to, body = "Crash test", overrideOptIn = true }) });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToArray();

        await using var db = new NpgsqlConnection(await stack.App.GetConnectionStringAsync("notifications"));
        await db.OpenAsync();
        await Eventually.UntilAsync(() => CountAsync(db, ids, "handed_over_at IS NOT NULL"), handedOver => handedOver >= 50,
            "50 of the batch's messages handed over to Twilio", TimeSpan.FromSeconds(60));
        Assert.True(await CountAsync(db, ids, "handed_over_at IS NULL") > 0, "the batch was still in progress when the worker was killed");

        KillWorker();
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        await Eventually.UntilAsync(async () =>
            (await commands.ExecuteCommandAsync("worker", KnownResourceCommands.StartCommand)).Success, "the worker to restart", TimeSpan.FromSeconds(30));

        await Eventually.UntilAsync(() => CountAsync(db, ids, "status IN ('delivered', 'undelivered', 'failed', 'suppressed', 'no_consent')"),
            final => final == ids.Length, $"all {ids.Length} messages in a final status", TimeSpan.FromMinutes(3));

        using var simulator = stack.App.CreateHttpClient("simulator");
        var sent = await simulator.GetFromJsonAsync<JsonElement>("/simulator/messages?limit=100000");
        var ours = numbers.ToHashSet();
        var perNumber = sent.EnumerateArray().Select(m => m.GetProperty("to").GetString()!).Where(ours.Contains).GroupBy(n => n).ToList();
        Assert.All(perNumber, g => Assert.Single(g));
        Assert.Equal(ids.Length, await CountAsync(db, ids, "status = 'delivered'"));
    }

    private void KillWorker()
    {
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (environment.Contains($"NOTIFICATIONS_TEST_STACK={stack.Marker}", StringComparison.Ordinal)
                    && commandLine.Contains("Notifications.Worker", StringComparison.Ordinal)
                    && !commandLine.Contains("dotnet\0run", StringComparison.Ordinal))
                {
                    using var process = System.Diagnostics.Process.GetProcessById(int.Parse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture));
                    process.Kill(); // SIGKILL: no shutdown, no flushing
                    killed++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException)
            {
            }
        }

        Assert.True(killed > 0, "the worker process was found and killed");
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, Guid[] ids, string condition)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM messages WHERE id = ANY($1) AND {condition}", db) { Parameters = { new() { Value = ids } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
