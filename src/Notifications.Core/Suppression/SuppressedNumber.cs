namespace Notifications.Core.Suppression;

/// <summary>
/// A number that must not receive SMS of <see cref="Program"/> while <see cref="Active"/>. PostgreSQL holds the
/// truth; Redis caches the active set. One row per program and number; the consent ledger keeps the history.
/// </summary>
public sealed class SuppressedNumber
{
    /// <summary>
    /// <see cref="Program"/> of a carrier fact about the number (21610, 30004): it is suppressed for every program.
    /// Not a valid program name, so it never collides with one.
    /// </summary>
    public const string EveryProgram = "*";

    /// <summary>Column length of <see cref="Program"/> (a program name).</summary>
    public const int ProgramMaxLength = 64;

    /// <summary>
    /// The program whose sends stop (a revocation: keyword, wording, API), or <see cref="EveryProgram"/> (a carrier fact).
    /// </summary>
    public required string Program { get; set; }

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
