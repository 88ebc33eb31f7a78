using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.IntegrationTests.SendWindows;

/// <summary>Frequency caps, <c>sendAt</c> and <c>validUntil</c> through the API and two workers (<see cref="SendWindowsFixture"/>).</summary>
[Collection(SendWindowsDefinition.Name)]
public sealed class ScheduleTests(SendWindowsFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] HandedOver = ["sent", "delivered"];

    [Fact]
    public async Task FrequencyCap_FourthMarketingMessageToFlorida_ScheduledUntilTheFirstLeavesTheDay()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T16:00:00Z", CultureInfo.InvariantCulture)); // noon in Miami
        var to = SendWindowsFixture.Number(305);
        (await stack.ConsentAsync(to)).EnsureSuccessStatusCode();
        var before = stack.Now;

        // Four requests at once: they may share a batch or land on either worker; the cap holds either way.
        var ids = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => stack.SendAsync(new { to, body = $"Offer {i}", purpose = "marketing" })));

        var outcomes = await Task.WhenAll(ids.Select(id => stack.WaitForStatusAsync(id, Patience, [.. HandedOver, "scheduled"])));
        var scheduled = Assert.Single(outcomes, m => m.GetProperty("status").GetString() == "scheduled");
        var dueAt = scheduled.GetProperty("dueAt").GetDateTimeOffset();
        Assert.InRange(dueAt, before.AddHours(24), stack.Now.AddHours(24));
        Assert.Contains(SendWindowTests.Timeline(scheduled), e => e.Type == "scheduled" && e.Detail.Contains("frequency cap 3 per 1.00:00:00", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => stack.SimulatorMessagesAsync(to), m => m.Count == 3, "three creates for the number");

        // A fifth, later, in a batch of its own: still over the cap.
        var fifth = await stack.SendAsync(new { to, body = "Offer 5", purpose = "marketing" });
        Assert.Equal("scheduled", (await stack.WaitForStatusAsync(fifth, Patience, [.. HandedOver, "scheduled"])).GetProperty("status").GetString());
    }

    [Fact]
    public async Task FrequencyCap_NewYork_NotCappedByDefault()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T16:00:00Z", CultureInfo.InvariantCulture));
        var to = SendWindowsFixture.Number(212);
        (await stack.ConsentAsync(to)).EnsureSuccessStatusCode();

        var ids = new List<Guid>();
        for (var i = 1; i <= 4; i++)
        {
            ids.Add(await stack.SendAsync(new { to, body = $"Offer {i}", purpose = "marketing" }));
        }

        foreach (var id in ids)
        {
            await stack.WaitForStatusAsync(id, Patience, HandedOver);
        }
    }

    [Fact]
    public async Task ValidUntil_PassesWhileOutsideTheWindow_ExpiredWithoutFallback()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T03:00:00Z", CultureInfo.InvariantCulture)); // 23:00 EDT
        var to = SendWindowsFixture.Number(212);
        var email = $"expired-{Guid.NewGuid():N}@example.com";
        (await stack.ConsentAsync(to)).EnsureSuccessStatusCode();
        var validUntil = stack.Now.AddSeconds(15);

        var id = await stack.SendAsync(new { to, body = "Flash sale", purpose = "marketing", fallbackEmail = email, validUntil });

        var scheduled = await stack.WaitForStatusAsync(id, Patience, "scheduled");
        Assert.Equal(validUntil, scheduled.GetProperty("dueAt").GetDateTimeOffset()); // the window opens later than that
        var expired = await stack.WaitForStatusAsync(id, Patience, "expired");
        Assert.Contains(SendWindowTests.Timeline(expired), e => e.Type == "expired");
        Assert.Equal(JsonValueKind.Null, expired.GetProperty("fallback").ValueKind);
        Assert.Empty(await stack.SimulatorMessagesAsync(to));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(await stack.SimulatorEmailsAsync(email));
    }

    [Fact]
    public async Task ValidUntil_WithinTenHours_ValidityPeriodReachesTwilio()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T16:00:00Z", CultureInfo.InvariantCulture));
        var to = SendWindowsFixture.Number(212);

        var id = await stack.SendAsync(new { to, body = "Your code is 123456", overrideOptIn = true, validUntil = stack.Now.AddMinutes(10) });

        await stack.WaitForStatusAsync(id, Patience, HandedOver);
        var create = Assert.Single(await stack.SimulatorMessagesAsync(to));
        Assert.InRange(create.GetProperty("validityPeriod").GetInt32(), 500, 600);
    }

    [Fact]
    public async Task ValidUntil_FurtherThanTenHours_NoValidityPeriod()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T16:00:00Z", CultureInfo.InvariantCulture));
        var to = SendWindowsFixture.Number(212);

        var id = await stack.SendAsync(new { to, body = "Your code is 123456", overrideOptIn = true, validUntil = stack.Now.AddHours(11) });

        await stack.WaitForStatusAsync(id, Patience, HandedOver);
        Assert.Equal(JsonValueKind.Null, Assert.Single(await stack.SimulatorMessagesAsync(to)).GetProperty("validityPeriod").ValueKind);
    }

    [Fact]
    public async Task SendAt_FewSecondsAhead_ScheduledThenDispatchedWithinASecondOfItsTime()
    {
        await stack.SetClockAsync(DateTimeOffset.Parse("2026-07-15T16:00:00Z", CultureInfo.InvariantCulture));
        var to = SendWindowsFixture.Number(212);
        var sendAt = stack.Now.AddSeconds(5);

        var id = await stack.SendAsync(new { to, body = "Reminder", overrideOptIn = true, sendAt });

        var waiting = await stack.MessageAsync(id);
        Assert.Equal("scheduled", waiting.GetProperty("status").GetString());
        Assert.Equal(sendAt, waiting.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(SendWindowTests.Timeline(waiting), e => e.Type == "scheduled" && e.Detail.StartsWith("sendAt", StringComparison.Ordinal));

        // The poll interval is 30 s here: only the wake-up at the due time claims it within the second.
        var sent = await stack.WaitForHandOverAsync(id, Patience);
        Assert.InRange(await stack.ClaimedAtAsync(id), sendAt, sendAt.AddSeconds(1));
        Assert.True(SendWindowTests.Timeline(sent).Single(e => e.Type == "handed_over").At >= sendAt);
    }

    [Theory]
    [InlineData(-60, null, "validUntil")] // in the past
    [InlineData(60, 120, "validUntil")] // before sendAt
    [InlineData(31 * 24 * 60 * 60, null, "validUntil")] // beyond 30 days
    public async Task ValidUntil_Invalid_ProblemNamesTheField(int validInSeconds, int? sendInSeconds, string field)
    {
        using var client = stack.Api();
        var now = stack.Now;
        var response = await client.PostAsJsonAsync("/api/messages", new
        {
            to = SendWindowsFixture.Number(212), body = "x", overrideOptIn = true,
            sendAt = sendInSeconds is { } s ? now.AddSeconds(s) : (DateTimeOffset?)null, validUntil = now.AddSeconds(validInSeconds),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
