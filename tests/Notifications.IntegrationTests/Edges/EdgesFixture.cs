using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Edges;

/// <summary>
/// The whole stack with two workers, tuned to reach the send path's edges in seconds: a slow sender
/// (batches take a while), short claim and fallback leases, quick lookups, a Twilio list that lags its
/// creates and a slow SendGrid.
/// </summary>
public sealed class EdgesFixture : AppHostFixture
{
    public const string ApiKey = "edges-tests-key-000001";

    /// <summary>Messages per second the default sender takes (shared by both workers).</summary>
    public const int SenderRate = 10;

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<ProjectResource>("api").WithEnvironment("ApiKeys__tests", ApiKey)
            .WithEnvironment("Apps__tests__Scopes", ApiFactory.AllScopes);
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithReplicas(2)
            .WithEnvironment("Dispatch__RetryBaseDelay", "00:00:01")
            .WithEnvironment("Dispatch__LookupDelay", "00:00:01")
            .WithEnvironment("Dispatch__AmbiguousAfter", "00:00:10")
            .WithEnvironment("Dispatch__ClaimTimeout", "00:00:03")
            .WithEnvironment("Dispatch__RecoveryInterval", "00:00:01")
            .WithEnvironment("Dispatch__FallbackLease", "00:00:03")
            .WithEnvironment("Sms__Senders__default__MessagesPerSecond", SenderRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.CreateResourceBuilder<ProjectResource>("simulator")
            .WithEnvironment("Simulator__Twilio__SentDelay", "00:00:00.050")
            .WithEnvironment("Simulator__Twilio__FinalDelay", "00:00:00.100")
            .WithEnvironment("Simulator__Twilio__ListDelay", "00:00:02")
            .WithEnvironment("Simulator__SendGrid__AddedLatency", "00:00:06");
    }

    public HttpClient Api()
    {
        var client = App.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public HttpClient Simulator() => App.CreateHttpClient("simulator");

    public async Task<string> DatabaseAsync() => (await App.GetConnectionStringAsync("notifications"))!;

    public async Task ConsentAsync(string phone)
    {
        using var client = Api();
        var response = await client.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "transactional", source = "api", optInMessage = "Yes, text me order updates.", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sends the messages as one batch request; returns their ids in order.</summary>
    public async Task<Guid[]> SendBatchAsync(IEnumerable<object> messages)
    {
        using var client = Api();
        var response = await client.PostAsJsonAsync("/api/messages/batch", new { messages });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.All(results, r => Assert.Equal("accepted", r.GetProperty("status").GetString()));
        return results.Select(r => r.GetProperty("id").GetGuid()).ToArray();
    }

    public async Task<JsonElement> MessageAsync(Guid id)
    {
        using var client = Api();
        return await client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
    }

    /// <summary>Waits until every message satisfies <paramref name="done"/>; returns them in order.</summary>
    public async Task<JsonElement[]> WaitForAllAsync(IReadOnlyList<Guid> ids, Func<JsonElement, bool> done, TimeSpan patience)
    {
        var messages = new JsonElement[ids.Count];
        var pending = Enumerable.Range(0, ids.Count).ToList();
        await Eventually.UntilAsync(
            async () =>
            {
                foreach (var i in pending.ToList())
                {
                    messages[i] = await MessageAsync(ids[i]);
                    if (done(messages[i]))
                    {
                        pending.Remove(i);
                    }
                }

                return pending.Count == 0 ? "all there" : $"{pending.Count} not there yet, e.g. {messages[pending[0]]}";
            },
            state => state == "all there",
            $"{ids.Count} messages to get there",
            patience,
            TimeSpan.FromMilliseconds(250));
        return messages;
    }

    public Task<JsonElement[]> WaitForStatusAsync(IReadOnlyList<Guid> ids, string status, TimeSpan patience) =>
        WaitForAllAsync(ids, m => m.GetProperty("status").GetString() == status, patience);

    /// <summary>The creates the simulator accepted for <paramref name="to"/>, newest first.</summary>
    public async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = Simulator();
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}&limit=100000");
        return list.EnumerateArray().ToList();
    }

    /// <summary>The emails the simulator accepted for <paramref name="to"/>.</summary>
    public async Task<List<JsonElement>> SimulatorEmailsAsync(string to)
    {
        using var simulator = Simulator();
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/emails?to={Uri.EscapeDataString(to)}&limit=100000");
        return list.EnumerateArray().ToList();
    }
}

/// <summary>The edge tests share one stack (starting one takes a while), and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class EdgesDefinition : ICollectionFixture<EdgesFixture>
{
    public const string Name = "Edges";
}
