using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Phones;
using Notifications.Core.Programs;
using Notifications.Core.Suppression;
using Notifications.Core.Twilio;
using Npgsql;

namespace Notifications.Core.Inbound;

/// <summary>
/// Stores each inbound SMS once and acts on it in the same transaction: an opt-out suppresses the
/// number and revokes every purpose before the webhook is answered; START lifts the suppression
/// and records the re-opt-in; HELP answers; an unclear message (<see cref="InboundClassification.Unclear"/>)
/// is stored with its classification, answered with how to stop, and changes no consent. A duplicate
/// delivery gets the first answer again.
/// </summary>
public sealed partial class InboundMessageProcessor(
    NotificationsDbContext db,
    SuppressionList suppressions,
    ConsentLedger ledger,
    OptOutRecorder optOuts,
    ProgramCatalog programs,
    IConsentRequestConfirmer consentRequests,
    TimeProvider time,
    ILogger<InboundMessageProcessor> logger)
{
    /// <summary>
    /// The reply and the opt-out, without the database: what the api answers for a message it holds in Redis
    /// while PostgreSQL is unreachable (the same reply <see cref="ProcessAsync"/> gives).
    /// </summary>
    public InboundAnswer Answer(InboundSms sms)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var keyword = KeywordClassifier.Classify(sms.Body);
        return new InboundAnswer(
            Twiml.Reply(InboundReplies.TextFor(keyword.Classification, programs.Get(ProgramCatalog.DefaultProgram))),
            keyword.Classification == InboundClassification.OptOut,
            PhoneOf(sms));
    }

    public async Task<string> ProcessAsync(InboundSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        if (await FindPreviousReplyAsync(sms, cancellationToken) is { } previous)
        {
            LogDuplicate(logger, sms.MessageSid);
            return previous;
        }

        var keyword = KeywordClassifier.Classify(sms.Body);
        var replyText = InboundReplies.TextFor(keyword.Classification, programs.Get(ProgramCatalog.DefaultProgram));
        var reply = Twiml.Reply(replyText);
        var phone = PhoneOf(sms);
        var receivedAt = sms.ReceivedAt ?? time.GetUtcNow();

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            var lifted = await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.InboundMessages.Add(new InboundMessage
                {
                    MessageSid = sms.MessageSid,
                    IdempotencyToken = sms.IdempotencyToken,
                    From = phone,
                    To = sms.To,
                    Body = sms.Body,
                    Classification = keyword.Classification,
                    Reply = reply,
                    ReceivedAt = receivedAt,
                });
                await db.SaveChangesAsync(cancellationToken);

                var liftedNow = false;
                switch (keyword.Classification)
                {
                    case InboundClassification.OptOut:
                        await optOuts.RecordAsync(
                            new OptOut(phone, keyword.IsKeyword ? ConsentSource.Keyword : ConsentSource.ReplyWording, ConsentLedger.SystemActor,
                                keyword.IsKeyword ? SuppressionReason.OptOutKeyword : SuppressionReason.OptOutWording)
                            {
                                Detail = keyword.Keyword, SourceMessageSid = sms.MessageSid, TextReceived = sms.Body, InboundMessageSid = sms.MessageSid,
                                OccurredAt = receivedAt,
                            },
                            cancellationToken);
                        break;
                    case InboundClassification.OptIn:
                        liftedNow = await suppressions.LiftAsync(phone, cancellationToken);
                        await ledger.AddOptInAsync(new OptInEvidence(
                            phone, ConsentPurpose.Transactional, ConsentSource.Keyword, SourceUrl: null,
                            OptInMessage: replyText, CapturedAt: receivedAt, IpAddress: null, UserAgent: null,
                            CapturedBy: ConsentLedger.SystemActor, TextReceived: sms.Body, InboundMessageSid: sms.MessageSid), cancellationToken);
                        await consentRequests.ConfirmAsync(sms, phone, receivedAt, cancellationToken);
                        break;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return liftedNow;
            });

            if (lifted)
            {
                await suppressions.AfterLiftCommittedAsync(phone, cancellationToken);
            }
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same message arrived twice at once: the other request recorded it.
            db.ChangeTracker.Clear();
            LogDuplicate(logger, sms.MessageSid);
            return await FindPreviousReplyAsync(sms, cancellationToken) ?? reply;
        }

        LogProcessed(logger, sms.MessageSid, keyword.Classification);
        return reply;
    }

    private static string PhoneOf(InboundSms sms) =>
        PhoneNumberNormalizer.TryNormalize(sms.From, out var e164, out _) ? e164 : sms.From;

    private async Task<string?> FindPreviousReplyAsync(InboundSms sms, CancellationToken cancellationToken) =>
        await db.InboundMessages.AsNoTracking()
            .Where(m => m.MessageSid == sms.MessageSid || (sms.IdempotencyToken != null && m.IdempotencyToken == sms.IdempotencyToken))
            .Select(m => m.Reply)
            .FirstOrDefaultAsync(cancellationToken);

    [LoggerMessage(1, LogLevel.Information, "Inbound message {MessageSid} classified as {Classification}")]
    private static partial void LogProcessed(ILogger logger, string messageSid, string classification);

    [LoggerMessage(2, LogLevel.Information, "Inbound message {MessageSid} was already processed; answering as before")]
    private static partial void LogDuplicate(ILogger logger, string messageSid);
}
