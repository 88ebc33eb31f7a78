using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.IntegrationTests.Economics;

/// <summary>Encoding and segments through the API, the worker and the simulator; the rate limit in segments; allowed countries at their defaults.</summary>
[Collection(EconomicsDefinition.Name)]
public sealed class EncodingAndCountryTests(EconomicsProcesses stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Send_AnswersEncodingAndSegments_AndSmartEncodingIsOnByDefault()
    {
        var plain = Number();
        var curly = Number();
        var kept = Number();

        var (plainId, plainAnswer) = await SendAsync(new { to = plain, body = new string('a', 161), overrideOptIn = true });
        var (curlyId, curlyAnswer) = await SendAsync(new { to = curly, body = "It’s “done” – thanks…", overrideOptIn = true });
        var (keptId, keptAnswer) = await SendAsync(new { to = kept, body = "It’s done", overrideOptIn = true, smartEncoding = false });

        Assert.Equal(("GSM-7", 2), Encoding(plainAnswer));
        Assert.Equal(("GSM-7", 1), Encoding(curlyAnswer));
        Assert.Equal(("UCS-2", 1), Encoding(keptAnswer));
        Assert.Equal(("GSM-7", 2), Encoding(await MessageAsync(plainId)));
        Assert.Equal(("UCS-2", 1), Encoding(await MessageAsync(keptId)));
        // The body stored and sent is the encoded one.
        Assert.Equal("It's \"done\" - thanks...", (await SimulatorMessageAsync(curly)).GetProperty("body").GetString());
        Assert.Equal("It’s done", (await SimulatorMessageAsync(kept)).GetProperty("body").GetString());
        Assert.Equal(("GSM-7", 1), Encoding(await MessageAsync(curlyId)));
    }

    [Fact]
    public async Task Batch_EachResultCarriesEncodingAndSegments()
    {
        using var client = stack.ApiClient();
        var response = await client.PostAsJsonAsync("/api/messages/batch", new
        {
            messages = new object[]
            {
                new { to = Number(), body = "Code 1234 😀", overrideOptIn = true },
                new { to = Number(), body = new string('b', 307), overrideOptIn = true },
                new { to = "not a number", body = "x" },
            },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(("UCS-2", 1), Encoding(results[0]));
        Assert.Equal(("GSM-7", 3), Encoding(results[1]));
        Assert.Equal("rejected", results[2].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("segments").ValueKind);
    }

    [Fact]
    public async Task ThreeSegmentMessages_ReserveThreeEach_AtTheSendersRateLimit()
    {
        // Four messages of three segments at 2 segments/s: 12 segments, 2 of them in the bucket at the start, so the
        // last create comes about 5 s after the first. Counted per message, the four would take about 1 s.
        var numbers = Enumerable.Range(0, 4).Select(_ => CanadianNumber()).ToList();
        using var client = stack.ApiClient();
        var response = await client.PostAsJsonAsync("/api/messages/batch", new
        {
            messages = numbers.Select(to => new { to, body = new string('c', 400), overrideOptIn = true }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.All((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray(),
            r => Assert.Equal(3, r.GetProperty("segments").GetInt32()));

        var created = new List<DateTimeOffset>();
        foreach (var to in numbers)
        {
            created.Add((await SimulatorMessageAsync(to)).GetProperty("dateCreated").GetDateTimeOffset());
        }

        var spread = created.Max() - created.Min();
        Assert.True(spread >= TimeSpan.FromSeconds(3.5), $"4 messages of 3 segments at {EconomicsProcesses.SlowSenderRate}/s went out within {spread}");
    }

    [Fact]
    public async Task CountryNotAllowed_WithFallbackEmail_SendsOnlyTheEmail()
    {
        var to = FrenchNumber();
        var email = $"fr-{Guid.NewGuid():N}@example.com";

        var (id, _) = await SendAsync(new { to, body = "Bonjour", overrideOptIn = true, fallbackEmail = email });

        var message = await WaitForAsync(id, m => m.GetProperty("fallback").ValueKind == JsonValueKind.Object
            && m.GetProperty("fallback").GetProperty("status").GetString() is "sent" or "delivered");
        Assert.Equal("failed", message.GetProperty("status").GetString());
        Assert.Equal("country_not_allowed", message.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Empty(message.GetProperty("attempts").EnumerateArray());
        Assert.Empty(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task CountryNotAllowed_WithoutFallback_FailsWithTheReasonOnItsTimeline()
    {
        var to = FrenchNumber();

        var (id, answer) = await SendAsync(new { to, body = "Bonjour", overrideOptIn = true });

        Assert.Equal("accepted", answer.GetProperty("status").GetString());
        var message = await WaitForAsync(id, m => m.GetProperty("status").GetString() == "failed");
        Assert.Contains(message.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("detail").GetString()?.StartsWith("country_not_allowed", StringComparison.Ordinal) == true);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("fallback").ValueKind);
        Assert.Empty(message.GetProperty("attempts").EnumerateArray());
        Assert.Empty(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task DefaultAllowedCountries_IncludeUsCaAndCountriesWithASender()
    {
        // GB has a sender in the worker's appsettings.json, so +44 is allowed without Sms:AllowedCountries; FR has none.
        var british = $"+447400{Random.Shared.Next(0, 1_000_000):D6}"; // libphonenumber's example UK mobile range
        var (id, _) = await SendAsync(new { to = british, body = "Hello from London", overrideOptIn = true });

        var message = await WaitForAsync(id, m => m.GetProperty("attempts").GetArrayLength() > 0);
        Assert.Equal("AcmeAlerts", message.GetProperty("attempts")[0].GetProperty("sender").GetString());
        Assert.Equal("AcmeAlerts", (await SimulatorMessageAsync(british)).GetProperty("from").GetString());
    }

    [Fact]
    public async Task ReliabilityReport_CountsTheSegmentsOfEachAttempt()
    {
        var key = EconomicsProcesses.KeyOf(EconomicsProcesses.ReportApp);
        var from = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (id, _) = await SendAsync(new { to = Number(), body = new string('r', 400), overrideOptIn = true }, key);
        await Eventually.UntilAsync(() => MessageAsync(id, key), m => m.GetProperty("status").GetString() == "delivered", $"message {id} delivered", Patience,
            TimeSpan.FromMilliseconds(250));

        using var client = stack.ApiClient(key);
        var report = await client.GetFromJsonAsync<JsonElement>(
            $"/api/reports/channel-reliability?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}");

        var totals = report.GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("attempts").GetInt64());
        Assert.Equal(3, totals.GetProperty("segments").GetInt64());
        Assert.Equal(3, Assert.Single(report.GetProperty("groups").EnumerateArray()).GetProperty("segments").GetInt64());
    }

    private async Task<(Guid Id, JsonElement Answer)> SendAsync(object message, string key = EconomicsProcesses.ApiKey)
    {
        using var client = stack.ApiClient(key);
        var response = await client.PostAsJsonAsync("/api/messages", message);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {answer}");
        return (answer.GetProperty("id").GetGuid(), answer);
    }

    private async Task<JsonElement> MessageAsync(Guid id, string key = EconomicsProcesses.ApiKey)
    {
        using var client = stack.ApiClient(key);
        return await client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
    }

    private Task<JsonElement> WaitForAsync(Guid id, Func<JsonElement, bool> done) =>
        Eventually.UntilAsync(() => MessageAsync(id, EconomicsProcesses.ApiKey), done, $"message {id}", Patience, TimeSpan.FromMilliseconds(250));

    private async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = stack.SimulatorClient();
        return (await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}&limit=100")).EnumerateArray().ToList();
    }

    /// <summary>The one create the simulator took for <paramref name="to"/>, once it is there.</summary>
    private async Task<JsonElement> SimulatorMessageAsync(string to) =>
        (await Eventually.UntilAsync(() => SimulatorMessagesAsync(to), list => list.Count > 0, $"an SMS to the simulator for message to {to[..5]}…", Patience,
            TimeSpan.FromMilliseconds(250)))[0];

    private static (string, int) Encoding(JsonElement answer) => (answer.GetProperty("encoding").GetString()!, answer.GetProperty("segments").GetInt32());

    private static string Number() => Infrastructure.TestNumbers.Delivered();

    private static string CanadianNumber() => $"+141662{Random.Shared.Next(0, 100_000):D5}";

    private static string FrenchNumber() => $"+3361{Random.Shared.Next(0, 10_000_000):D7}";
}
