using Notifications.Core.Consent;
using Notifications.Core.Messages;

namespace Notifications.Core.Email;

/// <summary>
/// The person's wishes about a fallback email, asked right before it is sent: no email to an address that
/// unsubscribed or reported spam for the message's program (or for every program, <see cref="EmailSuppressionStore"/>),
/// and a <c>marketing</c> message's email only to an address the program holds marketing email consent for
/// (<see cref="EmailConsent"/>). Transactional fallbacks need no email consent.
/// </summary>
public sealed class FallbackEmailPolicy(EmailSuppressionStore suppressions, ConsentLedger ledger)
{
    /// <summary>Why the fallback email of <paramref name="message"/> must not be sent (<see cref="FallbackWithholdReason"/>), or null when it may.</summary>
    public async Task<string?> WithholdReasonAsync(Message message, CancellationToken cancellationToken)
    {
        if (message.FallbackEmail is not { } address)
        {
            return null;
        }

        if (await suppressions.SuppressedByAsync(message.Program, address, cancellationToken) is { } suppressedBy)
        {
            return FallbackWithholdReason.ForSuppression(suppressedBy);
        }

        if (message.Purpose == ConsentPurpose.Marketing
            && !EmailConsent.Holds(await ledger.GetHistoryAsync(message.To, message.Program, cancellationToken), address))
        {
            return FallbackWithholdReason.NoEmailConsent;
        }

        return null;
    }
}
