namespace Notifications.Core.Inbound;

/// <summary>
/// Confirms pending double opt-in requests with an opt-in reply (<c>YES</c>), inside the transaction that stores the
/// reply; saved with that unit of work.
/// </summary>
public interface IConsentRequestConfirmer
{
    /// <summary>Confirms what <paramref name="sms"/> (from <paramref name="phone"/>, received at <paramref name="receivedAt"/>) confirms; returns how many requests.</summary>
    Task<int> ConfirmAsync(InboundSms sms, string phone, DateTimeOffset receivedAt, CancellationToken cancellationToken);
}
