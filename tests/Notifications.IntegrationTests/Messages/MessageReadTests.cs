using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Messages;

/// <summary><c>GET /api/messages/{id}</c>: the message, its attempts and its timeline read in one statement.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class MessageReadTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Get_ListsEachAttemptAndEventOnce_InOrder_AndAnotherAppGets404()
    {
        // Whole seconds: PostgreSQL keeps microseconds, the clock has ticks.
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);
        var message = TestMessages.HandedOver("Two attempts, four events", at, status: MessageStatus.Undelivered);
        message.Attempts = 2;
        message.ErrorCode = 30006;
        message.FallbackStatus = FallbackStatus.Delivered;
        message.FallbackEmail = "someone@example.com";
        message.FallbackReason = "30006";
        await services.InsertAsync(message);
        await using (var db = services.CreateDbContext())
        {
            // Stored out of order: the answer orders attempts by number and events by time, then by insertion.
            db.MessageAttempts.AddRange(
                new MessageAttempt { MessageId = message.Id, Number = 2, StartedAt = at.AddSeconds(2), FinishedAt = at.AddSeconds(3), Sender = "+15005550006", ProviderSid = message.ProviderSid, Outcome = "handed_over" },
                new MessageAttempt { MessageId = message.Id, Number = 1, StartedAt = at, FinishedAt = at.AddSeconds(1), Sender = "+15005550006", Outcome = "rejected", ErrorCode = 20429 });
            db.MessageEvents.AddRange(
                new MessageEvent { MessageId = message.Id, At = at.AddSeconds(3), Type = MessageEventType.HandedOver, Status = MessageStatus.Queued },
                new MessageEvent { MessageId = message.Id, At = at.AddSeconds(5), Type = MessageEventType.StatusCallback, Status = MessageStatus.Undelivered, ErrorCode = 30006 },
                new MessageEvent { MessageId = message.Id, At = at.AddSeconds(5), Type = MessageEventType.FallbackRequested, ErrorCode = 30006 },
                new MessageEvent { MessageId = message.Id, At = at.AddSeconds(1), Type = MessageEventType.RetryScheduled, Status = MessageStatus.Queued, ErrorCode = 20429, Detail = "Too many requests" });
            await db.SaveChangesAsync();
        }

        using var client = _api.CreateAppClient();
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/messages/{message.Id}");

        Assert.Equal(MessageStatus.Undelivered, view.GetProperty("status").GetString());
        Assert.Equal([1, 2], view.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal(20429, view.GetProperty("attempts")[0].GetProperty("errorCode").GetInt32());
        Assert.Equal(message.ProviderSid, view.GetProperty("attempts")[1].GetProperty("providerSid").GetString());
        Assert.Equal(
            [MessageEventType.Accepted, MessageEventType.RetryScheduled, MessageEventType.HandedOver, MessageEventType.StatusCallback, MessageEventType.FallbackRequested],
            view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(at, view.GetProperty("timeline")[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal("Too many requests", view.GetProperty("timeline")[1].GetProperty("detail").GetString());
        Assert.Equal(FallbackStatus.Delivered, view.GetProperty("fallback").GetProperty("status").GetString());
        Assert.Equal(("GSM-7", 1), (view.GetProperty("encoding").GetString(), view.GetProperty("segments").GetInt32()));

        using var other = _api.CreateAppClient(ApiFactory.OtherAppKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/messages/{message.Id}", UriKind.Relative))).StatusCode);
    }
}
