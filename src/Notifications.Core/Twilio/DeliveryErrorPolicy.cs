using Notifications.Core.Suppression;

namespace Notifications.Core.Twilio;

/// <summary>
/// The delivery error policy from the domain facts, as one table. Unknown codes fall back.
/// <c>MaxAttempts</c> counts every attempt, the first included: "one retry" is 2.
/// </summary>
public static class DeliveryErrorPolicy
{
    private static readonly DeliveryRule FallBack = new(DeliveryAction.Fallback, 1, TimeSpan.Zero);
    private static readonly DeliveryRule Alert = new(DeliveryAction.ConfigurationAlert, 1, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<int, DeliveryRule> Table = new Dictionary<int, DeliveryRule>
    {
        [30001] = new(DeliveryAction.Retry, 3, TimeSpan.FromMinutes(1)),   // queue overflow: retry with backoff
        [30002] = Alert,                                                   // account suspended
        [30003] = new(DeliveryAction.Retry, 2, TimeSpan.FromMinutes(5)),   // unreachable handset: one delayed retry
        [30004] = new(DeliveryAction.Suppress, 1, TimeSpan.Zero),         // blocked by recipient: no fallback email either
        [30005] = FallBack,                                                // unknown handset (and a number fact, below)
        [30006] = FallBack,                                                // landline or unreachable carrier: never retry (a number fact)
        [30007] = FallBack,                                                // carrier filtered: do not resend the same content
        [30008] = new(DeliveryAction.Retry, 2, TimeSpan.FromMinutes(1)),   // unknown error: one retry
        [30017] = new(DeliveryAction.Retry, 3, TimeSpan.FromMinutes(2)),   // carrier congestion
        [30018] = Alert,                                                   // sender not registered
        [30022] = new(DeliveryAction.Retry, 3, TimeSpan.FromMinutes(5)),   // 10DLC rate: slow down
        [30023] = new(DeliveryAction.Retry, 2, TimeSpan.FromHours(1)),     // 10DLC daily cap: defer
        [30024] = Alert,                                                   // sender not provisioned
        [30027] = new(DeliveryAction.Retry, 3, TimeSpan.FromMinutes(5)),   // 10DLC rate: slow down
        [30032] = Alert,                                                   // toll-free not verified
        [30033] = Alert,
        [30034] = Alert,                                                   // unregistered 10DLC number
        [30035] = Alert,
        [30036] = FallBack,                                                // validity period expired
        [30450] = new(DeliveryAction.Retry, 2, TimeSpan.FromMinutes(30)),  // SMS pumping protection
        [30500] = new(DeliveryAction.Retry, 3, TimeSpan.FromMinutes(1)),   // Twilio internal error
    };

    /// <summary>
    /// The carrier facts about a number that no SMS will change (30005 unknown handset, 30006 landline): the number is
    /// suppressed for every program, with this reason, and the message still falls back to email. Not a revocation: the
    /// person's consent stays as it was, and no reply keyword lifts it.
    /// </summary>
    public static readonly IReadOnlyDictionary<int, string> NumberFacts = new Dictionary<int, string>
    {
        [30005] = SuppressionReason.UnknownHandset,
        [30006] = SuppressionReason.Landline,
    };

    /// <summary>The suppression reason a final failure with <paramref name="errorCode"/> puts on the number, or null.</summary>
    public static string? NumberFact(int? errorCode) => errorCode is { } code && NumberFacts.TryGetValue(code, out var reason) ? reason : null;

    /// <summary>
    /// Whether a final delivery failure handled by <paramref name="action"/> asks for the email fallback: every
    /// action but <see cref="DeliveryAction.Suppress"/> (the recipient blocked us: an email instead would go
    /// against their wish). A retry that cannot be made any more falls back too. The one place that says when a
    /// delivery failure starts a fallback email.
    /// </summary>
    public static bool StartsFallback(DeliveryAction action) => action != DeliveryAction.Suppress;

    public static DeliveryRule For(int? errorCode) =>
        errorCode is { } code && Table.TryGetValue(code, out var rule) ? rule : FallBack;

    /// <summary>
    /// The action for a message that failed with <paramref name="errorCode"/> after
    /// <paramref name="attemptsMade"/> attempts: a retry rule whose attempts are used up falls back.
    /// </summary>
    public static DeliveryAction Decide(int? errorCode, int attemptsMade)
    {
        var rule = For(errorCode);
        return rule.Action == DeliveryAction.Retry && attemptsMade >= rule.MaxAttempts ? DeliveryAction.Fallback : rule.Action;
    }
}
