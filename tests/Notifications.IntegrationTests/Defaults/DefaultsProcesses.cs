using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Outages;

namespace Notifications.IntegrationTests.Defaults;

/// <summary>
/// The whole service as processes with the send path's documented defaults the other stacks shorten
/// (<c>Dispatch:LookupDelay</c> 5 s, <c>Dispatch:LookupAttempts</c> 3, <c>Dispatch:FallbackLease</c> 10 minutes),
/// with <c>Redis:NumberHashKey</c> set (the other stacks keep the secret in PostgreSQL), and a SendGrid that takes
/// <see cref="SendGridLatency"/> to answer (longer than several recovery sweeps, shorter than the SendGrid client's 10 s attempt timeout).
/// </summary>
public sealed class DefaultsProcesses : ServiceProcesses
{
    /// <summary>32 bytes as base64: the configured number hash secret.</summary>
    public const string NumberHashKey = "ZGVmYXVsdHMtdGVzdHMtbnVtYmVyLWhhc2gta2V5LTAx";

    public static readonly TimeSpan SendGridLatency = TimeSpan.FromSeconds(6);

    protected override IDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Redis__NumberHashKey"] = NumberHashKey,
    };

    protected override IDictionary<string, string> SimulatorSettings => new Dictionary<string, string>
    {
        ["Simulator__SendGrid__AddedLatency"] = SendGridLatency.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task<JsonElement> StatsAsync()
    {
        using var simulator = SimulatorClient();
        return await simulator.GetFromJsonAsync<JsonElement>("/simulator/stats");
    }

    public async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = SimulatorClient();
        return (await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}&limit=100000")).EnumerateArray().ToList();
    }

    public async Task<List<JsonElement>> SimulatorEmailsAsync(string to)
    {
        using var simulator = SimulatorClient();
        return (await simulator.GetFromJsonAsync<JsonElement>($"/simulator/emails?to={Uri.EscapeDataString(to)}&limit=100000")).EnumerateArray().ToList();
    }

    public async Task ConsentAsync(string phone)
    {
        using var api = ApiClient();
        var response = await api.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "transactional", source = "api", optInMessage = "Yes, text me order updates.", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        Assert.True(response.IsSuccessStatusCode, $"consent recorded: {(int)response.StatusCode}");
    }

    /// <summary>Sends one message through the batch endpoint; returns its id.</summary>
    public async Task<Guid> SendAsync(object message)
    {
        using var api = ApiClient();
        var response = await api.PostAsJsonAsync("/api/messages/batch", new { messages = new[] { message } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("accepted", result.GetProperty("status").GetString());
        return result.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> MessageAsync(Guid id)
    {
        using var api = ApiClient();
        return await api.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
    }

    public async Task<JsonElement> WaitForMessageAsync(Guid id, Func<JsonElement, bool> done, string description, TimeSpan patience) =>
        await Eventually.UntilAsync(() => MessageAsync(id), done, description, patience, TimeSpan.FromMilliseconds(250), e => e is HttpRequestException or TaskCanceledException);

    public static List<string?> Timeline(JsonElement message) =>
        message.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
}

/// <summary>The tests on <see cref="DefaultsProcesses"/> share it (one of them stops PostgreSQL) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DefaultsDefinition : ICollectionFixture<DefaultsProcesses>
{
    public const string Name = "Defaults";
}
