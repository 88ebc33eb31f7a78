using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Data;
using Notifications.Core.Inbound;
using Notifications.Core.Sms;

namespace Notifications.Core.Consent;

/// <summary>
/// A <c>YES</c> confirms the number's pending consent requests whose window had not closed when the reply was
/// received and whose confirmation SMS went out from the number the reply was sent to (or through a Messaging
/// Service, whose number the service does not know): each becomes <see cref="ConsentRequestStatus.Confirmed"/> and its
/// opt-in is added to the ledger of the request's program with the reply as evidence (the request's source, URL, IP
/// address and user agent; the confirmation text as the opt-in message; the reply's exact text, SID and time). The
/// requests are locked (<c>FOR UPDATE</c>), so two replies at once confirm a request once. Only the programs that send
/// from the number the reply came to (<see cref="ConsentReply.Programs"/>) can be confirmed.
/// </summary>
public sealed partial class ConsentRequestConfirmer(NotificationsDbContext db, ConsentLedger ledger, ILogger<ConsentRequestConfirmer> logger)
    : IConsentRequestConfirmer
{
    public async Task<IReadOnlyList<string>> ConfirmAsync(ConsentReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var (phone, receivedAt) = (reply.Phone, reply.ReceivedAt);
        var pending = await db.ConsentRequests
            .FromSql($"""
                SELECT * FROM consent_requests
                WHERE phone = {phone} AND status = {ConsentRequestStatus.Pending} AND expires_at > {receivedAt} AND created_at <= {receivedAt}
                FOR UPDATE
                """)
            .ToListAsync(cancellationToken);
        pending.RemoveAll(r => !reply.Programs.Contains(r.Program, StringComparer.Ordinal));
        if (pending.Count == 0)
        {
            return [];
        }

        var messageIds = pending.Select(r => r.ConfirmationMessageId).ToList();
        var sentFrom = await db.Messages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id) && m.ProviderSid != null
                && (m.Sender == reply.To || m.SenderKind == SenderKind.MessagingService))
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);

        var confirmed = new List<string>();
        foreach (var request in pending.Where(r => sentFrom.Contains(r.ConfirmationMessageId)))
        {
            request.Status = ConsentRequestStatus.Confirmed;
            request.ConfirmedAt = receivedAt;
            request.InboundMessageSid = reply.MessageSid;
            var entry = await ledger.AddOptInAsync(new OptInEvidence(
                request.Phone, request.Purpose, request.Source, request.SourceUrl, request.ConfirmationText, receivedAt,
                request.IpAddress, request.UserAgent, request.RequestedBy, TextReceived: reply.Text, InboundMessageSid: reply.MessageSid,
                Program: request.Program), cancellationToken);
            entry.Note = $"Double opt-in: YES reply to consent request {request.Id}.";
            if (!confirmed.Contains(request.Program, StringComparer.Ordinal))
            {
                confirmed.Add(request.Program);
            }

            LogConfirmed(logger, request.Id, request.Program, reply.MessageSid);
        }

        return confirmed;
    }

    [LoggerMessage(1, LogLevel.Information, "Consent request {RequestId} of program {Program} confirmed by inbound message {MessageSid}")]
    private static partial void LogConfirmed(ILogger logger, Guid requestId, string program, string messageSid);
}
