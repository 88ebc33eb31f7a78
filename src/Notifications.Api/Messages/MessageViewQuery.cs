using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Sms;

namespace Notifications.Api.Messages;

/// <summary>
/// The read behind <c>GET /api/messages/{id}</c>: the message, its attempts and its events in one statement, so one
/// round trip to PostgreSQL and one snapshot (the status and the timeline never disagree when a callback commits in
/// between, with no transaction to begin and commit). The attempts and events come as a join beside the message row
/// (a message has a handful of each); the query is compiled once.
/// </summary>
internal static class MessageViewQuery
{
    private static readonly Func<NotificationsDbContext, Guid, string, CancellationToken, Task<Stored?>> Find = EF.CompileAsyncQuery(
        (NotificationsDbContext db, Guid id, string app, CancellationToken cancellationToken) => db.Messages.AsNoTracking()
            .Where(m => m.Id == id && m.AppId == app)
            .Select(m => new Stored(
                m,
                db.MessageAttempts.Where(a => a.MessageId == m.Id).OrderBy(a => a.Number)
                    .Select(a => new AttemptView(a.Number, a.StartedAt, a.FinishedAt, a.Sender, a.ProviderSid, a.Outcome, a.ErrorCode))
                    .ToList(),
                db.MessageEvents.Where(e => e.MessageId == m.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
                    .Select(e => new TimelineEntry(e.At, e.Type, e.Status, e.ErrorCode, e.Detail))
                    .ToList()))
            .FirstOrDefault());

    /// <summary>Message <paramref name="id"/> of <paramref name="app"/>, or null when the app has no such message.</summary>
    public static async Task<MessageView?> FindAsync(NotificationsDbContext db, Guid id, string app, CancellationToken cancellationToken)
    {
        if (await Find(db, id, app, cancellationToken) is not { } stored)
        {
            return null;
        }

        var message = stored.Message;

        // Acceptance is the message row itself; every later step is a stored event (a sendAt in the future, a closed
        // send window and a reached frequency cap each leave a "scheduled" entry saying why and until when).
        var timeline = new List<TimelineEntry>(stored.Events.Count + 1) { new(message.CreatedAt, MessageEventType.Accepted, MessageStatus.Accepted, null, null) };
        timeline.AddRange(stored.Events);
        var fallback = message.FallbackStatus is null || message.FallbackEmail is null
            ? null
            : new FallbackView(message.FallbackStatus, message.FallbackReason, message.FallbackEmail, message.FallbackProviderId,
                message.FallbackRequestedAt, message.FallbackUpdatedAt);

        // Messages accepted before the encoding was recorded are measured from the body they were sent with.
        var (encoding, segments) = message is { Encoding: { } known, Segments: { } count } ? new SmsSegments(known, count) : SmsEncoding.Measure(message.Body);
        return new MessageView(
            message.Id, message.Status, message.To, message.Country, message.Purpose, encoding, segments, message.Reference, message.OverrideOptIn,
            message.CreatedAt, message.DueAt, message.UpdatedAt, message.Sender, message.SenderKind, message.ProviderSid,
            message.ErrorCode, stored.Attempts, timeline, fallback);
    }

    private sealed record Stored(Message Message, List<AttemptView> Attempts, List<TimelineEntry> Events);
}
