using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;

namespace Notifications.Core.Consent;

/// <summary>
/// The append-only consent ledger. Events are only ever added; the current state of a number is
/// derived from its latest event per purpose.
/// </summary>
public sealed class ConsentLedger(NotificationsDbContext db, TimeProvider time)
{
    public const string SystemActor = "system";

    /// <summary>Adds an opt-in (a re-opt-in when the purpose was revoked). Saved with the unit of work.</summary>
    public async Task<ConsentEvent> AddOptInAsync(OptInEvidence evidence, CancellationToken cancellationToken)
    {
        var latestKind = await db.ConsentEvents.AsNoTracking()
            .Where(e => e.Phone == evidence.Phone && e.Purpose == evidence.Purpose)
            .OrderByDescending(e => e.Id)
            .Select(e => e.Kind)
            .FirstOrDefaultAsync(cancellationToken);

        var entry = new ConsentEvent
        {
            Phone = evidence.Phone,
            Purpose = evidence.Purpose,
            Kind = latestKind == ConsentEventKind.Revocation ? ConsentEventKind.ReOptIn : ConsentEventKind.OptIn,
            OccurredAt = evidence.CapturedAt,
            RecordedAt = time.GetUtcNow(),
            Source = evidence.Source,
            SourceUrl = evidence.SourceUrl,
            OptInMessage = evidence.OptInMessage,
            TextReceived = evidence.TextReceived,
            InboundMessageSid = evidence.InboundMessageSid,
            IpAddress = evidence.IpAddress,
            UserAgent = evidence.UserAgent,
            CapturedBy = evidence.CapturedBy,
        };
        db.ConsentEvents.Add(entry);
        return entry;
    }

    /// <summary>Adds a revocation for each purpose. Saved with the unit of work.</summary>
    public void AddRevocation(
        string phone, IEnumerable<string> purposes, string source, string capturedBy,
        string? textReceived = null, string? inboundMessageSid = null, string? note = null, DateTimeOffset? occurredAt = null)
    {
        var now = time.GetUtcNow();
        foreach (var purpose in purposes)
        {
            db.ConsentEvents.Add(new ConsentEvent
            {
                Phone = phone,
                Purpose = purpose,
                Kind = ConsentEventKind.Revocation,
                OccurredAt = occurredAt ?? now,
                RecordedAt = now,
                Source = source,
                TextReceived = textReceived,
                InboundMessageSid = inboundMessageSid,
                CapturedBy = capturedBy,
                Note = note,
            });
        }
    }

    /// <summary>Every event for the number, oldest first.</summary>
    public async Task<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string phone, CancellationToken cancellationToken) =>
        await db.ConsentEvents.AsNoTracking().Where(e => e.Phone == phone).OrderBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>The current state per purpose, derived from the history.</summary>
    public static IReadOnlyDictionary<string, PurposeState> CurrentState(IReadOnlyList<ConsentEvent> history) =>
        ConsentPurpose.All.ToDictionary(
            purpose => purpose,
            purpose => PurposeState.From(history.LastOrDefault(e => e.Purpose == purpose)));
}
