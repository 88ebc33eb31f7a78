using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;
using Notifications.Core.Suppression;

namespace Notifications.Core.Consent;

/// <summary>
/// The send path's check for a whole batch of numbers of one program: one Redis round trip (the suppression
/// cache) and one SQL query (latest consent per purpose by occurrence time, the id breaking ties, each lookup one probe of
/// <c>ix_consent_events_program_phone_purpose_occurred_at_id</c>; and the authoritative suppression flag, the program's
/// own or one for every program, probes of <c>pk_suppressions</c> on (phone, program)). Consent and suppressions of
/// other programs play no part.
/// A number counts as suppressed when either says so: a number in the Redis set is suppressed whatever
/// PostgreSQL says, complete cache or not (that is how an opt-out received while PostgreSQL was down
/// stops sends before it is replayed into PostgreSQL), and a stale or unavailable cache can never make a
/// suppressed number sendable. The same query names the confirmation message of the number's pending consent
/// request in the program (one probe of the partial index <c>ix_consent_requests_pending</c>, empty for nearly every
/// number), which <see cref="NumberConsent.Decide(Guid, string, bool)"/> lets through as a confirmation.
/// </summary>
public sealed class ConsentGate(NotificationsDbContext db, SuppressionCache cache, TimeProvider time)
{
    public Task<IReadOnlyDictionary<string, NumberConsent>> LookupAsync(IReadOnlyCollection<string> phones, CancellationToken cancellationToken) =>
        LookupAsync(phones, ConsentEvent.DefaultProgram, cancellationToken);

    /// <summary>The consent of each number for <paramref name="program"/>.</summary>
    public async Task<IReadOnlyDictionary<string, NumberConsent>> LookupAsync(
        IReadOnlyCollection<string> phones, string program, CancellationToken cancellationToken)
    {
        var distinct = phones.Distinct(StringComparer.Ordinal).ToArray();
        var cached = await cache.TryGetSuppressedAsync(distinct, program, cancellationToken);
        var rows = await db.Database.SqlQuery<NumberConsentRow>(LookupSql(distinct, program, time.GetUtcNow())).ToListAsync(cancellationToken);

        return rows.ToDictionary(
            r => r.Phone,
            r => new NumberConsent(
                Suppressed: r.Suppressed || (cached?.Suppressed.Contains(r.Phone) ?? false),
                Transactional: PurposeState.StatusOf(r.Transactional),
                Marketing: PurposeState.StatusOf(r.Marketing),
                PendingConfirmation: r.PendingConfirmation),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The numbers among <paramref name="phones"/> that the Redis suppression set holds: one round trip, no SQL. It is the
    /// send path's check right before each group's create calls, beside the hand-over statement's own look at
    /// PostgreSQL's list; here it catches an opt-out received while PostgreSQL was unreachable and not replayed there yet.
    /// Empty when Redis cannot answer (PostgreSQL's list still decides).
    /// </summary>
    public async Task<IReadOnlySet<string>> CachedSuppressionsAsync(IReadOnlyList<string> phones, string program, CancellationToken cancellationToken) =>
        (await cache.TryGetSuppressedAsync(phones, program, cancellationToken))?.Suppressed ?? NoneSuppressed;

    private static readonly IReadOnlySet<string> NoneSuppressed = new HashSet<string>();

    /// <summary>
    /// The gate's one query for a batch (its plan is checked in the integration tests): per number, the suppression test of
    /// <see cref="SuppressionSql.IsSuppressed"/> (one probe of <c>pk_suppressions</c>), the latest consent event per purpose,
    /// and the confirmation message of a pending double opt-in request.
    /// </summary>
    /// <remarks>
    /// A number has at most one pending request per program within its window (a new request reuses it or is
    /// refused), hence <c>LIMIT 1</c> without an order.
    /// </remarks>
    public static FormattableString LookupSql(string[] distinctPhones, string program, DateTimeOffset now) => FormattableStringFactory.Create(
        LookupFormat, program, ConsentPurpose.Transactional, program, ConsentPurpose.Marketing, program, ConsentRequestStatus.Pending, now, distinctPhones);

    private static readonly string LookupFormat = $$"""
            SELECT p.phone AS "Phone",
                   {{SuppressionSql.IsSuppressed("p.phone", "{0}")}} AS "Suppressed",
                   (SELECT c.kind FROM consent_events c
                    WHERE c.program = {0} AND c.phone = p.phone AND c.purpose = {1}
                    ORDER BY c.occurred_at DESC, c.id DESC LIMIT 1) AS "Transactional",
                   (SELECT c.kind FROM consent_events c
                    WHERE c.program = {2} AND c.phone = p.phone AND c.purpose = {3}
                    ORDER BY c.occurred_at DESC, c.id DESC LIMIT 1) AS "Marketing",
                   (SELECT r.confirmation_message_id FROM consent_requests r
                    WHERE r.phone = p.phone AND r.program = {4} AND r.status = {5} AND r.expires_at > {6}
                    LIMIT 1) AS pending_confirmation
            FROM unnest({7}::text[]) AS p(phone)
            """;

    private sealed record NumberConsentRow(string Phone, bool Suppressed, string? Transactional, string? Marketing, Guid? PendingConfirmation);
}
