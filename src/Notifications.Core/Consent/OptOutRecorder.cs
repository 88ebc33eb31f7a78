using Notifications.Core.Suppression;

namespace Notifications.Core.Consent;

/// <summary>
/// Records an opt-out, however it arrived (a STOP reply, Twilio's 21610, the carrier's 30004, an
/// app's revocation): the revocation evidence in the consent ledger for each purpose and, when
/// every purpose is revoked, the number's suppression. Both join the caller's unit of work: the
/// suppression is written at once (and reaches Redis before the commit), the ledger entries with the
/// caller's <c>SaveChanges</c>; the caller owns the transaction and commits it.
/// </summary>
public sealed class OptOutRecorder(SuppressionList suppressions, ConsentLedger ledger)
{
    public async Task RecordAsync(OptOut optOut, CancellationToken cancellationToken)
    {
        if (ConsentPurpose.All.All(optOut.Purposes.Contains))
        {
            // An opt-out from everything suppresses the number, whatever channel it came through.
            await suppressions.SuppressAsync(optOut.Phone, optOut.SuppressionReason, optOut.Detail, optOut.SourceMessageSid, cancellationToken);
        }

        ledger.AddRevocation(optOut.Phone, optOut.Purposes, optOut.Source, optOut.CapturedBy,
            textReceived: optOut.TextReceived, inboundMessageSid: optOut.InboundMessageSid, note: optOut.Note, occurredAt: optOut.OccurredAt, program: optOut.Program);
    }
}
