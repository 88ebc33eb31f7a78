namespace Notifications.Core.Suppression;

/// <summary>Why a number is suppressed.</summary>
public static class SuppressionReason
{
    /// <summary>The person texted an opt-out keyword (STOP, UNSUBSCRIBE, ...).</summary>
    public const string OptOutKeyword = "opt_out_keyword";

    /// <summary>The person replied with a plain-language revocation ("please stop texting me").</summary>
    public const string OptOutWording = "opt_out_wording";

    /// <summary>An app recorded an opt-out made outside SMS.</summary>
    public const string ApiRevocation = "api_revocation";

    /// <summary>Twilio refused the send because the recipient opted out (21610).</summary>
    public const string CarrierOptOut = "carrier_opt_out";

    /// <summary>The carrier reported the recipient blocks messages (30004).</summary>
    public const string BlockedByRecipient = "blocked_by_recipient";

    /// <summary>The carrier does not know the handset (30005): not a revocation, a fact about the number.</summary>
    public const string UnknownHandset = "unknown_handset";

    /// <summary>The number is a landline or its carrier cannot be reached (30006): not a revocation, a fact about the number.</summary>
    public const string Landline = "landline";
}
