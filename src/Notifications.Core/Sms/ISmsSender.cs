namespace Notifications.Core.Sms;

/// <summary>The SMS provider, as the send path needs it.</summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Looks for a message created since <paramref name="since"/> to <paramref name="recipient"/> with this
    /// body (and sender, when known): how an ambiguous create is resolved before any resend.
    /// Returns its SID, or null when the provider has no such message.
    /// </summary>
    Task<string?> FindAsync(string recipient, string? from, string body, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The provider's current status and error code of a message, or null when it does not know the SID.</summary>
    Task<(string Status, int? ErrorCode)?> FetchStatusAsync(string sid, CancellationToken cancellationToken);
}
