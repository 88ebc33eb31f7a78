namespace Notifications.Core.Windows;

/// <summary>
/// The time zone a recipient gave with their consent (<c>timeZone</c> on <c>POST /api/consents</c>), per program and
/// number; the send window must hold there too. Kept outside the hash-chained consent ledger: it is a
/// preference that changes, not evidence, and the latest one given wins.
/// </summary>
public sealed class ConsentTimeZone
{
    /// <summary>Column length of <see cref="TimeZone"/> (IANA names are at most about 30 characters).</summary>
    public const int TimeZoneMaxLength = 64;

    public required string Program { get; set; }

    /// <summary>The number in E.164.</summary>
    public required string Phone { get; set; }

    /// <summary>An IANA time zone name, e.g. <c>America/New_York</c>.</summary>
    public required string TimeZone { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
