namespace Notifications.Core.Messages;

/// <summary>
/// Every status move of a message and of its email fallback, as one table: (from status, trigger)
/// to the next status; any pair not in the table is refused. Code that moves a status asks here:
/// the C# paths through <see cref="Next(string?, MessageTrigger)"/>, the set-based SQL by taking
/// <see cref="From(MessageTrigger)"/> and <see cref="To(MessageTrigger)"/> as parameters
/// (<c>status = ANY($n)</c>, <c>SET status = $m</c>), never as literals.
/// </summary>
/// <remarks>
/// A message that is not stored yet has no status (<see langword="null"/>); so has a message
/// without a fallback. Statuses also move only forward in rank (<see cref="Rank"/>): a status
/// callback applies only when it advances, so a late <c>sent</c> never replaces <c>delivered</c>.
/// <c>scheduled</c> is an outbox status like <c>accepted</c> (unclaimed, waiting for its due time): a future
/// <c>sendAt</c> stores it, a closed send window or a reached frequency cap returns a claimed message to it.
/// </remarks>
public static class MessageTransitions
{
    private static readonly string[] Reportable = [MessageStatus.Accepted, MessageStatus.Scheduled, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent];

    private static readonly Rule<MessageTrigger>[] MessageRules =
    [
        new(MessageTrigger.Accept, MessageStatus.Accepted, [null]),
        new(MessageTrigger.Schedule, MessageStatus.Scheduled, [null]),
        new(MessageTrigger.Claim, MessageStatus.Queued, [MessageStatus.Accepted, MessageStatus.Scheduled]),
        new(MessageTrigger.Defer, MessageStatus.Scheduled, [MessageStatus.Queued]),
        new(MessageTrigger.HandOver, MessageStatus.Queued, [MessageStatus.Queued]),
        new(MessageTrigger.CreateFailed, MessageStatus.Failed, [MessageStatus.Queued]),
        new(MessageTrigger.CreateOptedOut, MessageStatus.Suppressed, [MessageStatus.Queued]),

        // A refused create (from queued) or a failed delivery the policy retries (from whatever the callbacks had reached).
        new(MessageTrigger.Retry, MessageStatus.Accepted, [MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent]),
        new(MessageTrigger.BlockSuppressed, MessageStatus.Suppressed, [MessageStatus.Queued]),
        new(MessageTrigger.BlockNoConsent, MessageStatus.NoConsent, [MessageStatus.Queued]),
        new(MessageTrigger.ReleaseClaim, MessageStatus.Accepted, [MessageStatus.Queued]),
        new(MessageTrigger.NoReceipt, MessageStatus.Sent, [MessageStatus.Sent]),

        // validUntil passed before the hand-over: the batch job expires a claimed message (however long it waited).
        new(MessageTrigger.Expire, MessageStatus.Expired, [MessageStatus.Queued]),

        // Status callbacks: forward only, by rank (scheduled ranks with accepted: a late callback of an earlier attempt still applies).
        new(MessageTrigger.ReportQueued, MessageStatus.Queued, [MessageStatus.Accepted, MessageStatus.Scheduled]),
        new(MessageTrigger.ReportSending, MessageStatus.Sending, [MessageStatus.Accepted, MessageStatus.Scheduled, MessageStatus.Queued]),
        new(MessageTrigger.ReportSent, MessageStatus.Sent, [MessageStatus.Accepted, MessageStatus.Scheduled, MessageStatus.Queued, MessageStatus.Sending]),
        new(MessageTrigger.ReportDelivered, MessageStatus.Delivered, Reportable),
        new(MessageTrigger.ReportUndelivered, MessageStatus.Undelivered, Reportable),
        new(MessageTrigger.ReportFailed, MessageStatus.Failed, Reportable),
        new(MessageTrigger.ReportCanceled, MessageStatus.Canceled, Reportable),
    ];

    private static readonly Rule<FallbackTrigger>[] FallbackRules =
    [
        new(FallbackTrigger.Request, FallbackStatus.Pending, [null]),
        new(FallbackTrigger.Send, FallbackStatus.Sent, [FallbackStatus.Pending]),
        new(FallbackTrigger.Deliver, FallbackStatus.Delivered, [FallbackStatus.Pending, FallbackStatus.Sent]),
        new(FallbackTrigger.Bounce, FallbackStatus.Bounced, [FallbackStatus.Pending, FallbackStatus.Sent]),
        new(FallbackTrigger.Drop, FallbackStatus.Dropped, [FallbackStatus.Pending, FallbackStatus.Sent]),
        new(FallbackTrigger.Fail, FallbackStatus.Failed, [FallbackStatus.Pending, FallbackStatus.Sent]),
        new(FallbackTrigger.Withhold, FallbackStatus.Failed, [FallbackStatus.Pending]),
    ];

    private static readonly Dictionary<(string?, MessageTrigger), string> MessageTable = Index(MessageRules);
    private static readonly Dictionary<(string?, FallbackTrigger), string> FallbackTable = Index(FallbackRules);
    private static readonly Dictionary<MessageTrigger, Rule<MessageTrigger>> MessageByTrigger = MessageRules.ToDictionary(r => r.Trigger);
    private static readonly Dictionary<FallbackTrigger, Rule<FallbackTrigger>> FallbackByTrigger = FallbackRules.ToDictionary(r => r.Trigger);

    /// <summary>Where <paramref name="trigger"/> takes a message in status <paramref name="from"/> (null: not stored yet), or refused.</summary>
    public static Transition Next(string? from, MessageTrigger trigger) =>
        MessageTable.TryGetValue((from, trigger), out var to) ? new Transition(to) : Transition.Refused;

    /// <summary>Where <paramref name="trigger"/> takes a fallback in status <paramref name="from"/> (null: none requested), or refused.</summary>
    public static Transition Next(string? from, FallbackTrigger trigger) =>
        FallbackTable.TryGetValue((from, trigger), out var to) ? new Transition(to) : Transition.Refused;

    /// <summary>The statuses <paramref name="trigger"/> applies to (for <c>status = ANY($n)</c>).</summary>
    public static string[] From(MessageTrigger trigger) => FromStatuses(MessageByTrigger[trigger]);

    /// <summary>The fallback statuses <paramref name="trigger"/> applies to; <see cref="FallbackTrigger.Request"/> applies only to none.</summary>
    public static string[] From(FallbackTrigger trigger) => FromStatuses(FallbackByTrigger[trigger]);

    /// <summary>The status <paramref name="trigger"/> moves a message to.</summary>
    public static string To(MessageTrigger trigger) => MessageByTrigger[trigger].To;

    /// <summary>The fallback status <paramref name="trigger"/> moves a fallback to.</summary>
    public static string To(FallbackTrigger trigger) => FallbackByTrigger[trigger].To;

    /// <summary>The trigger of a status callback reporting <paramref name="status"/> (one of ours: a provider adapter maps its own statuses onto <see cref="MessageStatus"/>).</summary>
    public static MessageTrigger? Report(string status) => status switch
    {
        MessageStatus.Queued => MessageTrigger.ReportQueued,
        MessageStatus.Sending => MessageTrigger.ReportSending,
        MessageStatus.Sent => MessageTrigger.ReportSent,
        MessageStatus.Delivered => MessageTrigger.ReportDelivered,
        MessageStatus.Undelivered => MessageTrigger.ReportUndelivered,
        MessageStatus.Failed => MessageTrigger.ReportFailed,
        MessageStatus.Canceled => MessageTrigger.ReportCanceled,
        _ => null,
    };

    /// <summary>Progress of a status: accepted and scheduled 0, queued 1, sending 2, sent 3, every final status (and any unknown one) 4.</summary>
    public static int Rank(string status) => status switch
    {
        MessageStatus.Accepted or MessageStatus.Scheduled => 0,
        MessageStatus.Queued => 1,
        MessageStatus.Sending => 2,
        MessageStatus.Sent => 3,
        _ => 4, // delivered, undelivered, failed, suppressed, no_consent, canceled, expired: final
    };

    public static bool IsFinal(string status) => Rank(status) == 4;

    private static string[] FromStatuses<TTrigger>(Rule<TTrigger> rule) => rule.From.OfType<string>().ToArray();

    private static Dictionary<(string?, TTrigger), string> Index<TTrigger>(Rule<TTrigger>[] rules)
        where TTrigger : struct, Enum
    {
        var table = new Dictionary<(string?, TTrigger), string>();
        foreach (var rule in rules)
        {
            foreach (var from in rule.From)
            {
                table.Add((from, rule.Trigger), rule.To);
            }
        }

        return table;
    }

    private sealed record Rule<TTrigger>(TTrigger Trigger, string To, string?[] From);
}
