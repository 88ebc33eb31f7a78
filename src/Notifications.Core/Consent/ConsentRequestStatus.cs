namespace Notifications.Core.Consent;

/// <summary>The states of a <see cref="ConsentRequest"/>.</summary>
public static class ConsentRequestStatus
{
    /// <summary>Waiting for the person's <c>YES</c> (stored).</summary>
    public const string Pending = "pending";

    /// <summary>Confirmed by a <c>YES</c> within the window; the opt-in is in the ledger (stored).</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Pending past its window (computed, never stored): a later <c>YES</c> confirms nothing.</summary>
    public const string Expired = "expired";
}
