namespace Notifications.Core.Sms;

/// <summary>The SMS provider, as the send path needs it.</summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The outbound messages the provider created from <paramref name="sender"/> (a number, sender ID or
    /// Messaging Service SID) to <paramref name="recipient"/> with exactly this body, created in
    /// [<paramref name="createdFrom"/>, <paramref name="createdUntil"/>], newest first: how an ambiguous
    /// create is resolved before any resend. Matched on the creation time, never the send time, which a
    /// message still queued at the provider does not have.
    /// </summary>
    Task<IReadOnlyList<SmsFound>> FindAsync(
        string recipient, string sender, string body, DateTimeOffset createdFrom, DateTimeOffset createdUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the provider the recipient acted on the message (Twilio's Message Feedback, outcome <c>confirmed</c>). True when
    /// recorded; false when the provider refuses it for good (it does not know the SID, or feedback is not enabled for it);
    /// a transient failure throws, to be tried again.
    /// </summary>
    Task<bool> ReportConfirmedAsync(string sid, CancellationToken cancellationToken);

    /// <summary>The provider's current status and error code of a message, or null when it does not know the SID.</summary>
    Task<(string Status, int? ErrorCode)?> FetchStatusAsync(string sid, CancellationToken cancellationToken);
}
