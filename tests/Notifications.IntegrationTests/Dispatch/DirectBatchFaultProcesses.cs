using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Outages;

namespace Notifications.IntegrationTests.Dispatch;

/// <summary>
/// The whole service as processes, with a worker the tests kill, stop and start again, and a PostgreSQL they stop: for
/// direct batches that break. Lookups at Twilio come every <c>Dispatch:LookupDelay</c> of half a second, so a hand-over
/// left without an answer is looked up within seconds; a claim goes stale after <see cref="ClaimTimeout"/>, long enough
/// for a stopped worker's successor to start and run the batch's Hangfire job before the recovery sweep could take it.
/// </summary>
public sealed class DirectBatchFaultProcesses : ServiceProcesses
{
    /// <summary>
    /// The simulator's delay before a message's first callback while a test holds a create's answer: longer than the
    /// recovery takes, so that the SID the test sees recorded is the lookup's, not the callback's.
    /// </summary>
    public static readonly TimeSpan HeldCallbacks = TimeSpan.FromSeconds(35);

    /// <summary><c>Dispatch:ClaimTimeout</c>: when the recovery sweep takes over a claim nobody renews.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(20);

    protected override IDictionary<string, string> WorkerSettings => new Dictionary<string, string>
    {
        ["Dispatch__LookupDelay"] = "00:00:00.500",
        ["Dispatch__ClaimTimeout"] = ClaimTimeout.ToString("c", CultureInfo.InvariantCulture),
    };

    /// <summary>The creates the simulator received for <paramref name="to"/> (each one a message it created).</summary>
    public async Task<List<JsonElement>> CreatesAsync(string to)
    {
        using var simulator = SimulatorClient();
        return await simulator.GetFromJsonAsync<List<JsonElement>>($"/simulator/messages?to={Uri.EscapeDataString(to)}&limit=100") ?? [];
    }

    /// <summary>Puts the stack back as the tests found it, whatever a test left broken.</summary>
    public async Task RestoreAsync()
    {
        await Postgres.StartAgainAsync();
        if (Worker.HasExited)
        {
            await StartWorkerAsync();
        }

        await ResetCreateTimingAsync();
    }
}
