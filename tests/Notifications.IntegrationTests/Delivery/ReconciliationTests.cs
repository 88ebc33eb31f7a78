using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Sms;
using Notifications.Core.Telemetry;
using Notifications.Core.Twilio;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.IntegrationTests.Simulator;
using Notifications.Worker.Dispatch;
using StackExchange.Redis;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Notifications.IntegrationTests.Delivery;

/// <summary>The reconciliation job against real PostgreSQL and Redis, asking the simulator through the Twilio SDK.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ReconciliationTests(ServicesFixture services, SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task StuckMessages_AreSettledFromTwilio_AndOneWithoutReceiptEndsAsDocumented()
    {
        var delivered = await CreateAtTwilioAsync(TestNumbers.Delivered(), "delivered");
        var noReceipt = await CreateAtTwilioAsync(TestNumbers.Scenario("2000"), "sent");
        var now = DateTimeOffset.UtcNow;
        var stuckQueued = await InsertAsync(delivered, MessageStatus.Queued, createdAt: now.AddHours(-1), updatedAt: now.AddHours(-1));
        var stuckSent = await InsertAsync(noReceipt, MessageStatus.Sent, createdAt: now.AddDays(-4), updatedAt: now.AddHours(-3));
        var recent = await InsertAsync(await CreateAtTwilioAsync(TestNumbers.Delivered(), "delivered"), MessageStatus.Queued, now, now);

        await using (var provider = BuildWorkerServices())
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReconciliationJob>().RunAsync(CancellationToken.None);
        }

        await using var db = services.CreateDbContext();
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == stuckQueued)).Status);
        var sent = await db.Messages.SingleAsync(m => m.Id == stuckSent);
        Assert.Equal(MessageStatus.Sent, sent.Status);
        Assert.NotNull(sent.FinalAt);
        Assert.True(await db.MessageEvents.AnyAsync(e => e.MessageId == stuckSent && e.Type == "no_receipt"));
        Assert.Equal(MessageStatus.Queued, (await db.Messages.SingleAsync(m => m.Id == recent)).Status);
    }

    private ServiceProvider BuildWorkerServices() => ReconciliationServices.Build(services, simulator);

    private async Task<string> CreateAtTwilioAsync(string to, string untilStatus)
    {
        var message = await MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber("+15005550006"), body: "reconcile", client: simulator.Twilio);
        await Eventually.UntilAsync(
            async () => (await MessageResource.FetchAsync(pathSid: message.Sid, client: simulator.Twilio)).Status.ToString(),
            status => status == untilStatus, $"{message.Sid} {untilStatus} at the simulator", interval: TimeSpan.FromMilliseconds(50));
        return message.Sid;
    }

    private async Task<Guid> InsertAsync(string sid, string status, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        var message = TestMessages.HandedOver("reconcile", createdAt, sid, status);
        message.UpdatedAt = updatedAt;
        return (await services.InsertAsync(message)).Id;
    }
}
