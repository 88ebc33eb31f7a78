using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Edges;

/// <summary>
/// The fallback email when SendGrid takes longer to answer (six seconds) than the fallback lease
/// (three seconds): the dispatcher, which hands a fallback whose lease ran out to a new job, must not
/// while the first job still works.
/// </summary>
[Collection(EdgesDefinition.Name)]
public sealed class FallbackLeaseTests(EdgesFixture stack)
{
    [Fact]
    public async Task SendGridSlowerThanTheLease_FallbackEmailSentOnce()
    {
        var email = $"lease-{Guid.NewGuid():N}@example.com";

        // 21211 at Twilio: the create fails for good and the fallback is requested.
        var ids = await stack.SendBatchAsync([new { to = "+15005550001", body = "Your parcel is waiting", fallbackEmail = email, overrideOptIn = true }]);

        // The job records the send when SendGrid answers; SendGrid's own events may move the status earlier.
        await stack.WaitForAllAsync(ids, m => FallbackSends(m) > 0, TimeSpan.FromSeconds(90));

        // A later fallback that goes through the same dispatcher and the same slow SendGrid: by the time it
        // is sent, a second job for the first message (had its lease lapsed) would have been started and answered.
        var later = await stack.SendBatchAsync([new { to = "+15005550001", body = "Your parcel is still waiting", fallbackEmail = $"later-{email}", overrideOptIn = true }]);
        await stack.WaitForAllAsync(later, m => FallbackSends(m) > 0, TimeSpan.FromSeconds(90));
        Assert.Single(await stack.SimulatorEmailsAsync(email));
        Assert.Equal(1, FallbackSends(await stack.MessageAsync(ids[0])));
    }

    private static int FallbackSends(JsonElement message) =>
        message.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "fallback_sent");
}
