namespace Notifications.Core.Suppression;

/// <summary>
/// A number that must not receive SMS while <see cref="Active"/>. PostgreSQL holds the truth;
/// Redis caches the active set. One row per number; the consent ledger keeps the history.
/// </summary>
public sealed class SuppressedNumber
{
    /// <summary>E.164.</summary>
    public required string Phone { get; set; }

    public bool Active { get; set; }

    /// <summary>See <see cref="SuppressionReason"/>.</summary>
    public required string Reason { get; set; }

    /// <summary>The keyword or error code behind it ("STOP", "21610").</summary>
    public string? Detail { get; set; }

    /// <summary>The inbound or outbound message that caused it.</summary>
    public string? SourceMessageSid { get; set; }

    public DateTimeOffset SuppressedAt { get; set; }

    public DateTimeOffset? LiftedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
