using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;

namespace Notifications.Core.Consent;

/// <summary>
/// The append-only consent ledger. Events are only ever added; the current state of a number is
/// derived from its latest event per purpose by occurrence time (when the person gave or withdrew
/// consent, the id breaking ties), not by the order the events were recorded in: an opt-in recorded
/// late with an earlier capture time never beats a revocation that happened after it. Every read and
/// write is for one program (<see cref="ConsentEvent.DefaultProgram"/> until apps name theirs).
/// </summary>
public sealed class ConsentLedger(NotificationsDbContext db, TimeProvider time)
{
    public const string SystemActor = "system";

    /// <summary>
    /// How far before the call an opt-in's capture time may lie. Evidence is legitimately captured a little
    /// before the app records it (the form is submitted, then the app's back end calls us, with retries); an
    /// older capture time is refused, because evidence recorded long after the fact cannot be told apart
    /// from evidence made up after the fact, and it would be ordered before revocations the service already
    /// acted on.
    /// </summary>
    public static readonly TimeSpan MaxCaptureAge = TimeSpan.FromMinutes(10);

    /// <summary>How far after the service's clock an opt-in's capture time may lie: the caller's clock skew.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Why a capture time cannot be recorded now, or null when it can: older than <see cref="MaxCaptureAge"/>
    /// or later than <see cref="MaxClockSkew"/> ahead of <paramref name="now"/>.
    /// </summary>
    public static string? CaptureTimeProblem(DateTimeOffset capturedAt, DateTimeOffset now) =>
        capturedAt > now + MaxClockSkew
            ? $"Must not be in the future (more than {MaxClockSkew.TotalMinutes:0} minutes ahead of the service's clock)."
            : capturedAt < now - MaxCaptureAge
                ? $"Must be the time consent was captured, at most {MaxCaptureAge.TotalMinutes:0} minutes before it is recorded."
                : null;

    /// <summary>Adds an opt-in (a re-opt-in when the purpose was revoked before it). Saved with the unit of work.</summary>
    public async Task<ConsentEvent> AddOptInAsync(OptInEvidence evidence, CancellationToken cancellationToken)
    {
        var latestKind = await db.ConsentEvents.AsNoTracking()
            .Where(e => e.Program == evidence.Program && e.Phone == evidence.Phone && e.Purpose == evidence.Purpose
                && e.OccurredAt <= evidence.CapturedAt)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => e.Kind)
            .FirstOrDefaultAsync(cancellationToken);

        var entry = new ConsentEvent
        {
            Program = evidence.Program,
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
            Email = evidence.Email,
        };
        db.ConsentEvents.Add(entry);
        return entry;
    }

    /// <summary>Adds a revocation for each purpose. Saved with the unit of work.</summary>
    public void AddRevocation(
        string phone, IEnumerable<string> purposes, string source, string capturedBy,
        string? textReceived = null, string? inboundMessageSid = null, string? note = null, DateTimeOffset? occurredAt = null,
        string program = ConsentEvent.DefaultProgram)
    {
        var now = time.GetUtcNow();
        foreach (var purpose in purposes)
        {
            db.ConsentEvents.Add(new ConsentEvent
            {
                Program = program,
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

    /// <summary>Every event of the program for the number, in the order recorded (which is its hash chain's order).</summary>
    public async Task<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string phone, string program, CancellationToken cancellationToken) =>
        await db.ConsentEvents.AsNoTracking()
            .Where(e => e.Program == program && e.Phone == phone)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The current state per purpose, derived from the history of one program: per purpose, the event that
    /// happened last (<see cref="ConsentEvent.OccurredAt"/>, then the id).
    /// </summary>
    public static IReadOnlyDictionary<string, PurposeState> CurrentState(IReadOnlyList<ConsentEvent> history) =>
        ConsentPurpose.All.ToDictionary(
            purpose => purpose,
            purpose => PurposeState.From(history
                .Where(e => e.Purpose == purpose)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
                .LastOrDefault()));
}
