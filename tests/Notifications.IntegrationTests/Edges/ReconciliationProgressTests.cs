using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Consent;
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

namespace Notifications.IntegrationTests.Edges;

/// <summary>The reconciliation job with more messages Twilio cannot settle than it takes in one run.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ReconciliationProgressTests(ServicesFixture services, SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const int PageSize = 3;

    [Fact]
    public async Task MorePagesOfUnresolvableThanOneRun_LaterStuckMessagesStillSettle()
    {
        // Older than anything else stuck in the shared database, and unknown to Twilio (its lookup answers 404).
        var now = DateTimeOffset.UtcNow;
        var unresolvable = new List<Guid>();
        for (var i = 0; i < PageSize * 2; i++)
        {
            unresolvable.Add(await InsertAsync("SM" + Guid.NewGuid().ToString("N"), now.AddDays(-30).AddMinutes(i)));
        }

        var settleable = await InsertAsync(await CreateDeliveredAtTwilioAsync(), now.AddHours(-1));

        await using var provider = BuildWorkerServices();
        for (var run = 0; run < 6; run++)
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReconciliationJob>().RunAsync(CancellationToken.None);
        }

        await using var db = services.CreateDbContext();
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == settleable)).Status);
        var looked = await db.Messages.Where(m => unresolvable.Contains(m.Id)).ToListAsync();
        Assert.All(looked, m => Assert.Equal(MessageStatus.Queued, m.Status));
        Assert.All(looked, m => Assert.NotNull(m.ReconcileAfter));
    }

    private ServiceProvider BuildWorkerServices() => ReconciliationServices.Build(services, simulator, o => o.BatchSize = PageSize);

    private async Task<string> CreateDeliveredAtTwilioAsync()
    {
        var message = await MessageResource.CreateAsync(to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber("+15005550006"), body: "reconcile", client: simulator.Twilio);
        await Eventually.UntilAsync(
            async () => (await MessageResource.FetchAsync(pathSid: message.Sid, client: simulator.Twilio)).Status.ToString(),
            status => status == "delivered",
            $"message {message.Sid} delivered at the simulator",
            interval: TimeSpan.FromMilliseconds(50));

        return message.Sid;
    }

    private async Task<Guid> InsertAsync(string sid, DateTimeOffset stuckSince)
    {
        var message = TestMessages.HandedOver("reconcile", stuckSince, sid, MessageStatus.Queued);
        return (await services.InsertAsync(message)).Id;
    }
}
