using Notifications.Core.Messages;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Messages as the worker leaves them once Twilio took them, inserted straight into the database.</summary>
internal static class TestMessages
{
    public static Message HandedOver(string body, DateTimeOffset at, string? sid = null, string status = MessageStatus.Queued) => new()
    {
        Id = Guid.CreateVersion7(),
        AppId = "tests",
        To = TestNumbers.Delivered(),
        Country = "US",
        Body = body,
        Purpose = "transactional",
        Status = status,
        Attempts = 1,
        ClaimedAt = at,
        HandedOverAt = at,
        ProviderSid = sid ?? "SM" + Guid.NewGuid().ToString("N"),
        Sender = "+15005550006",
        SenderKind = "long_code",
        CreatedAt = at,
        UpdatedAt = at,
        DueAt = at,
    };

    public static async Task<Message> InsertAsync(this ServicesFixture services, Message message)
    {
        await using var db = services.CreateDbContext();
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }
}
