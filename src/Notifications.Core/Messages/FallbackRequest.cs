namespace Notifications.Core.Messages;

/// <summary>
/// "Request the email fallback", written once: a create that failed for good and a delivery failure
/// reported by a status callback both ask for it through these assignments. A fallback is requested
/// only when a reason is given, the message has an address and no fallback yet (the fallback's
/// <see cref="FallbackTrigger.Request"/> applies to none); the dispatcher then starts it.
/// </summary>
public static class FallbackRequest
{
    /// <summary>
    /// The assignments, as SQL expressions: <paramref name="reason"/> (null: none requested),
    /// <paramref name="at"/>, and <paramref name="pending"/> holding <see cref="MessageTransitions.To(FallbackTrigger)"/> of
    /// <see cref="FallbackTrigger.Request"/>. The target table's columns must not be shadowed by the statement's other sources.
    /// </summary>
    public static string Assignments(string reason, string at, string pending)
    {
        var requested = $"{reason} IS NOT NULL AND fallback_email IS NOT NULL AND fallback_status IS NULL";
        return $"""
            fallback_status = CASE WHEN {requested} THEN {pending} ELSE fallback_status END,
                fallback_reason = CASE WHEN {requested} THEN {reason} ELSE fallback_reason END,
                fallback_requested_at = CASE WHEN {requested} THEN {at} ELSE fallback_requested_at END
            """;
    }

    /// <summary>Whether the fallback of a message with <paramref name="fallbackEmail"/> and <paramref name="fallbackStatus"/> is requested now (the rule the assignments apply).</summary>
    public static bool Applies(string? fallbackEmail, string? fallbackStatus) =>
        fallbackEmail is not null && MessageTransitions.Next(fallbackStatus, FallbackTrigger.Request).Allowed;
}
