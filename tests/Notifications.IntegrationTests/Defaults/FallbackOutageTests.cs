namespace Notifications.IntegrationTests.Defaults;

/// <summary>
/// PostgreSQL goes down while SendGrid works on a fallback email and comes back after SendGrid's 202: the job
/// waits for the database to record "sent", so that neither its Hangfire retry nor a later job sends the email again.
/// </summary>
[Collection(DefaultsDefinition.Name)]
public sealed class FallbackOutageTests(DefaultsProcesses stack)
{
    [Fact]
    public async Task PostgresDownWhileSendGridAnswers_FallbackRecordedAfterRestart_EmailSentOnce()
    {
        var email = $"outage-{Guid.NewGuid():N}@example.com";
        var requestsBefore = (await stack.StatsAsync()).GetProperty("emailRequests").GetInt64();

        // 21211 at Twilio: the fallback is requested at once; SendGrid takes 6 s to answer.
        var id = await stack.SendAsync(new { to = "+15005550001", body = "Your parcel is waiting", fallbackEmail = email, overrideOptIn = true });
        await Eventually.UntilAsync(
            async () => (await stack.StatsAsync()).GetProperty("emailRequests").GetInt64(),
            requests => requests > requestsBefore,
            "the fallback email at SendGrid",
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(50));

        // Down before SendGrid answers, up again a few seconds after it did.
        await stack.Postgres.StopAsync();
        try
        {
            await Eventually.UntilAsync(
                async () => (await stack.SimulatorEmailsAsync(email)).Count,
                count => count > 0,
                "SendGrid's answer while PostgreSQL is down",
                DefaultsProcesses.SendGridLatency + TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(200));
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await stack.Postgres.StartAgainAsync();
        }

        var message = await stack.WaitForMessageAsync(
            id, m => DefaultsProcesses.Timeline(m).Contains("fallback_sent"), "the fallback recorded as sent after the restart", TimeSpan.FromSeconds(120));
        Assert.False(string.IsNullOrEmpty(message.GetProperty("fallback").GetProperty("providerMessageId").GetString()));

        // Long enough for the job's first Hangfire retry (10 s) to have sent again and been answered, had the record been lost.
        await Task.Delay(TimeSpan.FromSeconds(10) + DefaultsProcesses.SendGridLatency + TimeSpan.FromSeconds(10));
        Assert.Single(await stack.SimulatorEmailsAsync(email));
        Assert.Equal(1, (await stack.StatsAsync()).GetProperty("emailRequests").GetInt64() - requestsBefore);
        Assert.Single(DefaultsProcesses.Timeline(await stack.MessageAsync(id)), t => t == "fallback_sent");
    }
}
