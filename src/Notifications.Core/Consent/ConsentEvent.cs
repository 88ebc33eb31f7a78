namespace Notifications.Core.Consent;

/// <summary>
/// One entry of the append-only consent ledger: an opt-in with its evidence, or a revocation with
/// how it arrived. Rows are never updated (a database trigger refuses it), only deleted by the
/// retention purge's own role, and each carries a SHA-256 <see cref="Hash"/> chained over the previous
/// event of the same program and number (see <see cref="ConsentEventHash"/>).
/// </summary>
public sealed class ConsentEvent
{
    /// <summary>Column length of <see cref="Phone"/> (E.164).</summary>
    public const int PhoneMaxLength = 16;

    /// <summary>Column length of <see cref="SourceUrl"/>.</summary>
    public const int SourceUrlMaxLength = 2000;

    /// <summary>Column length of <see cref="OptInMessage"/>.</summary>
    public const int OptInMessageMaxLength = 2000;

    /// <summary>Column length of <see cref="TextReceived"/> (an inbound SMS body).</summary>
    public const int TextReceivedMaxLength = 1600;

    /// <summary>Column length of <see cref="InboundMessageSid"/>.</summary>
    public const int InboundMessageSidMaxLength = 34;

    /// <summary>Column length of <see cref="IpAddress"/> (the longest textual IPv6 address).</summary>
    public const int IpAddressMaxLength = 45;

    /// <summary>Column length of <see cref="UserAgent"/>.</summary>
    public const int UserAgentMaxLength = 1000;

    /// <summary>Column length of <see cref="Note"/>.</summary>
    public const int NoteMaxLength = 500;

    /// <summary>Column length of <see cref="Email"/> (RFC 5321's longest path, as a message's fallback address).</summary>
    public const int EmailMaxLength = Messages.Message.FallbackEmailMaxLength;

    /// <summary>Column length of <see cref="Program"/>.</summary>
    public const int ProgramMaxLength = 64;

    /// <summary>Column length of <see cref="Hash"/> and <see cref="PreviousHash"/> (SHA-256, lower-case hex).</summary>
    public const int HashLength = 64;

    /// <summary>The program of every event recorded before programs existed, and of every write until apps name one.</summary>
    public const string DefaultProgram = Programs.ProgramCatalog.DefaultProgram;

    public long Id { get; set; }

    /// <summary>The brand the person consented to; consent and its evidence belong to one program.</summary>
    public string Program { get; set; } = DefaultProgram;

    /// <summary>E.164.</summary>
    public required string Phone { get; set; }

    public required string Purpose { get; set; }

    public required string Kind { get; set; }

    /// <summary>When the person gave or withdrew consent (the capture time for opt-ins).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When the service recorded it.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>See <see cref="ConsentSource"/>.</summary>
    public required string Source { get; set; }

    /// <summary>The page or location where consent was captured.</summary>
    public string? SourceUrl { get; set; }

    /// <summary>The exact text shown or sent to the person when consent was captured.</summary>
    public string? OptInMessage { get; set; }

    /// <summary>For keyword and reply events: the exact text received.</summary>
    public string? TextReceived { get; set; }

    public string? InboundMessageSid { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>The app (API key name) that recorded it, or <c>system</c> for the service itself.</summary>
    public required string CapturedBy { get; set; }

    /// <summary>Free text: a revocation reason, an error code that caused it.</summary>
    public string? Note { get; set; }

    /// <summary>
    /// For a <c>marketing</c> opt-in: the address the person agreed to receive marketing email at (the consent a
    /// marketing message's fallback email needs). Null otherwise. Covered by the hash only when present
    /// (<see cref="ConsentEventHash.VersionWithEmail"/>), so events recorded before it keep their hashes.
    /// </summary>
    public string? Email { get; set; }

    /// <summary>
    /// The hash of the previous event of the same program and number, or null for the first. Set by the
    /// database when the row is inserted (under a lock on the program and number), never by the service.
    /// </summary>
    public string? PreviousHash { get; set; }

    /// <summary>
    /// SHA-256 over <see cref="ConsentEventHash.Canonical"/> of this event and <see cref="PreviousHash"/>, lower-case hex.
    /// Set by the database when the row is inserted.
    /// </summary>
    public string? Hash { get; set; }
}
