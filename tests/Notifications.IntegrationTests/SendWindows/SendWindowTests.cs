using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.SendWindows;

/// <summary>Quiet hours through the API and the worker, on a clock the tests move (<see cref="SendWindowsFixture"/>).</summary>
[Collection(SendWindowsDefinition.Name)]
public sealed class SendWindowTests(SendWindowsFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] HandedOver = ["sent", "delivered"];

    [Fact]
    public async Task Marketing_At23LocalInNewYork_ScheduledUntilEightAndSentWhenDue()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T03:00:00Z", CultureInfo.InvariantCulture)); // 23:00 EDT
        var to = SendWindowsFixture.Number(212);
        (await stack.ConsentAsync(to)).EnsureSuccessStatusCode();

        var id = await stack.SendAsync(new { to, body = "Summer sale", purpose = "marketing" });

        var scheduled = await stack.WaitForStatusAsync(id, Patience, "scheduled");
        var dueAt = DateTimeOffset.Parse("2026-07-15T12:00:00Z", CultureInfo.InvariantCulture);
        Assert.Equal(dueAt, scheduled.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(Timeline(scheduled), e => e.Type == "scheduled" && e.Detail.Contains("send window", StringComparison.Ordinal)
            && e.Detail.Contains("America/New_York", StringComparison.Ordinal));
        Assert.Empty(await stack.SimulatorMessagesAsync(to));

        await stack.SetClockAsync(dueAt.AddSeconds(-3));
        var sent = await stack.WaitForHandOverAsync(id, Patience);

        var handedOver = Timeline(sent).Single(e => e.Type == "handed_over");
        Assert.True(handedOver.At >= dueAt, $"handed over at {handedOver.At:O}, before its due time {dueAt:O}");
        Assert.Single(await stack.SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task Transactional_At23Local_ExemptByDefault()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T03:00:00Z", CultureInfo.InvariantCulture));
        var to = SendWindowsFixture.Number(212);

        var id = await stack.SendAsync(new { to, body = "Your code is 123456", purpose = "transactional", overrideOptIn = true });

        await stack.WaitForStatusAsync(id, Patience, HandedOver);
    }

    [Fact]
    public async Task Marketing_At2030Eastern_FloridaScheduledNewYorkSent()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-16T00:30:00Z", CultureInfo.InvariantCulture)); // 20:30 EDT: federal window open, Florida's closed
        var miami = SendWindowsFixture.Number(305);
        var newYork = SendWindowsFixture.Number(212);
        (await stack.ConsentAsync(miami)).EnsureSuccessStatusCode();
        (await stack.ConsentAsync(newYork)).EnsureSuccessStatusCode();

        var toMiami = await stack.SendAsync(new { to = miami, body = "Evening deal", purpose = "marketing" });
        var toNewYork = await stack.SendAsync(new { to = newYork, body = "Evening deal", purpose = "marketing" });

        await stack.WaitForStatusAsync(toNewYork, Patience, HandedOver);
        var scheduled = await stack.WaitForStatusAsync(toMiami, Patience, "scheduled");
        Assert.Equal(DateTimeOffset.Parse("2026-07-16T12:00:00Z", CultureInfo.InvariantCulture), scheduled.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(Timeline(scheduled), e => e.Type == "scheduled" && e.Detail.Contains("08:00–20:00 (FL)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Marketing_ConsentTimeZone_WindowMustHoldThereToo()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-16T00:30:00Z", CultureInfo.InvariantCulture)); // 20:30 in New York, 23:30 in Cape Verde
        var to = SendWindowsFixture.Number(212);
        (await stack.ConsentAsync(to, timeZone: "Atlantic/Cape_Verde")).EnsureSuccessStatusCode();

        var id = await stack.SendAsync(new { to, body = "Evening deal", purpose = "marketing" });

        var scheduled = await stack.WaitForStatusAsync(id, Patience, "scheduled");
        Assert.Equal(DateTimeOffset.Parse("2026-07-16T12:00:00Z", CultureInfo.InvariantCulture), scheduled.GetProperty("dueAt").GetDateTimeOffset()); // 08:00 EDT, 11:00 in Cape Verde
        Assert.Contains(Timeline(scheduled), e => e.Detail.Contains("Atlantic/Cape_Verde", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consent_UnknownTimeZone_ProblemNamesTheField()
    {
        var response = await stack.ConsentAsync(SendWindowsFixture.Number(212), timeZone: "Mars/Olympus_Mons");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeZone", out _), problem.ToString());
    }

    internal static List<(string Type, DateTimeOffset At, string Detail)> Timeline(JsonElement message) =>
        message.GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("at").GetDateTimeOffset(),
                e.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty))
            .ToList();
}
