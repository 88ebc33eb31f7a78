using Notifications.Core.Suppression;

namespace Notifications.Core.Consent;

/// <summary>
/// Records an opt-out, however it arrived (a STOP reply, Twilio's 21610, the carrier's 30004, an
/// app's revocation): the revocation evidence in the consent ledger of each program for each purpose and,
/// when every purpose is revoked, the number's suppression in each of those programs; a carrier fact
/// (<see cref="OptOut.SuppressEveryProgram"/>) suppresses it for every program instead. Both join the
/// caller's unit of work: the suppression is written at once (and reaches Redis before the commit), the
/// ledger entries with the caller's <c>SaveChanges</c>; the caller owns the transaction and commits it.
/// </summary>
public sealed class OptOutRecorder(SuppressionList suppressions, ConsentLedger ledger)
{
    public async Task RecordAsync(OptOut optOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(optOut);
        if (optOut.SuppressEveryProgram)
        {
            await suppressions.SuppressAsync(
                SuppressedNumber.EveryProgram, optOut.Phone, optOut.SuppressionReason, optOut.Detail, optOut.SourceMessageSid, cancellationToken);
        }
        else if (ConsentPurpose.All.All(optOut.Purposes.Contains))
        {
            // An opt-out from everything suppresses the number in those programs, whatever channel it came through.
            foreach (var program in optOut.Programs)
            {
                await suppressions.SuppressAsync(program, optOut.Phone, optOut.SuppressionReason, optOut.Detail, optOut.SourceMessageSid, cancellationToken);
            }
        }

        foreach (var program in optOut.Programs)
        {
            ledger.AddRevocation(optOut.Phone, optOut.Purposes, optOut.Source, optOut.CapturedBy,
                textReceived: optOut.TextReceived, inboundMessageSid: optOut.InboundMessageSid, note: optOut.Note, occurredAt: optOut.OccurredAt,
                program: program);
        }
    }
}
