namespace Notifications.Core.Consent;

/// <summary>The current consent for one purpose, derived from the ledger's latest event by occurrence time.</summary>
public sealed record PurposeState(string Status, DateTimeOffset? Since, string? Source, long? EventId)
{
    public const string OptedIn = "opted_in";
    public const string Revoked = "revoked";
    public const string None = "none";

    public static readonly PurposeState Unknown = new(None, null, null, null);

    public bool IsOptedIn => Status == OptedIn;

    public static PurposeState From(ConsentEvent? latest) => latest is null
        ? Unknown
        : new PurposeState(latest.Kind == ConsentEventKind.Revocation ? Revoked : OptedIn, latest.OccurredAt, latest.Source, latest.Id);

    /// <summary>The status the kind of the latest event (by occurrence time) stands for.</summary>
    public static string StatusOf(string? latestKind) => latestKind switch
    {
        null => None,
        ConsentEventKind.Revocation => Revoked,
        _ => OptedIn,
    };
}
