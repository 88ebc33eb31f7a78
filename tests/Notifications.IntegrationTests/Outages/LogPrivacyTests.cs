using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Outages;

/// <summary>
/// Reads every line the api and the worker write, at trace level with scopes, while phone numbers pass
/// through request paths (plain, URL-encoded, without the plus), query strings and bodies: none appears.
/// </summary>
public sealed class LogPrivacyTests(PrivacyProcesses stack) : IClassFixture<PrivacyProcesses>
{
    [Fact]
    public async Task ConsentLookupsRevokesAndSends_NoPhoneNumberInAnyLogLine_ScopesIncluded()
    {
        using var api = stack.ApiClient();
        var phone = TestNumbers.Delivered();
        var revoked = TestNumbers.Delivered();
        var unknown = TestNumbers.Delivered();
        foreach (var number in new[] { phone, revoked })
        {
            var recorded = await api.PostAsJsonAsync("/api/consents", new
            {
                phone = number, purpose = "transactional", source = "api", optInMessage = "Yes, text me order updates.", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            });
            Assert.True(recorded.IsSuccessStatusCode, $"consent recorded: {(int)recorded.StatusCode}");
        }

        // The same lookup with the plus as is, URL-encoded, and without it; a number never seen; an export.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/consents/{phone}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/consents/{Uri.EscapeDataString(phone)}")).StatusCode);
        await api.GetAsync($"/api/consents/{phone[1..]}");
        await api.GetAsync($"/api/consents/{Uri.EscapeDataString(unknown)}");
        await api.GetAsync($"/api/consents/{Uri.EscapeDataString(phone)}/export");
        await api.GetAsync($"/api/no-such-route?to={Uri.EscapeDataString(unknown)}");
        var revoke = await api.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(revoked)}/revoke", new { reason = "asked by phone call" });
        Assert.True(revoke.IsSuccessStatusCode, $"revoked: {(int)revoke.StatusCode}");

        var sent = await api.PostAsJsonAsync("/api/messages", new { to = phone, body = "Privacy test" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var refused = await api.PostAsJsonAsync("/api/messages", new { to = revoked, body = "Privacy test" });
        Assert.True(refused.IsSuccessStatusCode || (int)refused.StatusCode == 422, $"send to a revoked number answered: {(int)refused.StatusCode}");
        await Eventually.UntilAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>($"/api/messages/{id}")).GetProperty("status").GetString(),
            status => status == "delivered",
            "the message delivered",
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200));

        // Each console logger writes from its own queue, in order: once a request made now shows in a
        // process's output, every line that process wrote before it is there too.
        var marker = Guid.NewGuid().ToString("N");
        using var http = new HttpClient();
        foreach (var (process, output) in new[] { (stack.Api, stack.ApiLines), (stack.Worker, stack.WorkerLines) })
        {
            await http.GetAsync(new Uri(process.BaseUrl, $"/alive?marker={marker}"));
            await Eventually.UntilAsync(() => output.Any(line => line.Contains(marker, StringComparison.Ordinal)), $"{process.BaseUrl}'s request log line with the marker");
        }

        var lines = stack.ApiLines.Select(line => ("api", line)).Concat(stack.WorkerLines.Select(line => ("worker", line))).ToList();
        var leaks = lines
            .Where(entry => new[] { phone, revoked, unknown }.Any(number => entry.Item2.Contains(number[1..], StringComparison.Ordinal)))
            .Select(entry => $"[{entry.Item1}] {entry.Item2}")
            .ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines hold a phone number:{Environment.NewLine}{string.Join(Environment.NewLine, leaks.Take(20))}");

        // The requests were logged, with their scopes: what was checked is the log that holds the paths.
        var consentLines = string.Join(Environment.NewLine, stack.ApiLines.Where(line => line.Contains("consents", StringComparison.Ordinal)).Take(30));
        Assert.True(
            stack.ApiLines.Any(line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("/api/consents/[phone]", StringComparison.Ordinal)),
            $"the request lines were logged, redacted:{Environment.NewLine}{consentLines}");
        Assert.True(
            stack.ApiLines.Any(line => line.Contains("RequestPath:/api/consents/[phone]", StringComparison.Ordinal)),
            $"the request scopes were logged, redacted:{Environment.NewLine}{consentLines}");
    }
}
