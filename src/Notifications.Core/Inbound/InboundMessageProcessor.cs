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
/// Stores each inbound SMS once and acts on it in the same transaction, for the programs that send from the number it was
/// sent to (<see cref="ProgramCatalog.ProgramsSendingFrom"/>; every program, with a log line, when no configured sender has
/// that number, so that a revocation is never lost): an opt-out revokes every purpose of each of those programs and
/// suppresses the number for them before the webhook is answered; START (UNSTOP, YES, ...) first offers the message to
/// <see cref="IConsentRequestConfirmer"/>, then lifts the suppressions of those programs the number had opted out of by
/// keyword or wording and records the re-opt-in there, and nothing else (no consent is created); HELP answers; an unclear
/// message (<see cref="InboundClassification.Unclear"/>) is stored with its classification, answered with how to stop,
/// and changes no consent. The reply names the brand of every program concerned, in one SMS. A duplicate delivery gets
/// the first answer again.
/// </summary>
public sealed partial class InboundMessageProcessor(
    NotificationsDbContext db,
    SuppressionList suppressions,
    ConsentLedger ledger,
    OptOutRecorder optOuts,
    IConsentRequestConfirmer requests,
    ProgramCatalog programs,
    TimeProvider time,
    ILogger<InboundMessageProcessor> logger)
{
    /// <summary>The suppressions an opt-in keyword lifts: those the person made by texting, never an app's or a carrier's.</summary>
    private static readonly string[] ResumableReasons = [SuppressionReason.OptOutKeyword, SuppressionReason.OptOutWording];

    /// <summary>
    /// The reply and the opt-out, without the database: what the api answers for a message it holds in Redis
    /// while PostgreSQL is unreachable. An opt-out, HELP or unclear message gets the reply <see cref="ProcessAsync"/> gives;
    /// an opt-in keyword, whose outcome depends on what is stored, is acknowledged without claiming a subscription.
    /// </summary>
    public InboundAnswer Answer(InboundSms sms)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var keyword = KeywordClassifier.Classify(sms.Body);
        var routing = Route(sms);
        var brands = OptionsOf(routing.Programs);
        var text = keyword.Classification == InboundClassification.OptIn
            ? InboundReplies.OptInReceivedText(brands)
            : InboundReplies.TextFor(keyword.Classification, brands);
        return new InboundAnswer(Twiml.Reply(text), keyword.Classification == InboundClassification.OptOut, PhoneOf(sms), routing.Programs);
    }

    /// <summary>The programs <paramref name="sms"/> concerns: those that send from its <c>To</c>, else every program.</summary>
    public InboundRouting Route(InboundSms sms)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var sending = programs.ProgramsSendingFrom(sms.To);
        return new InboundRouting(sending ?? programs.ProgramsReachedAt(sms.To), Matched: sending is not null);
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
        var phone = PhoneOf(sms);
        var receivedAt = sms.ReceivedAt ?? time.GetUtcNow();
        var routing = Route(sms);
        if (!routing.Matched && keyword.Classification is InboundClassification.OptOut or InboundClassification.OptIn)
        {
            LogUnrouted(logger, sms.MessageSid, keyword.Classification, routing.Programs.Count);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        string reply;
        try
        {
            (reply, var lifted) = await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var inbound = new InboundMessage
                {
                    MessageSid = sms.MessageSid,
                    IdempotencyToken = sms.IdempotencyToken,
                    From = phone,
                    To = sms.To,
                    Body = sms.Body,
                    Classification = keyword.Classification,
                    Reply = string.Empty,
                    ReceivedAt = receivedAt,
                };
                db.InboundMessages.Add(inbound);
                await db.SaveChangesAsync(cancellationToken);

                IReadOnlyList<string> liftedNow = [];
                string text;
                switch (keyword.Classification)
                {
                    case InboundClassification.OptOut:
                        await optOuts.RecordAsync(
                            new OptOut(phone, keyword.IsKeyword ? ConsentSource.Keyword : ConsentSource.ReplyWording, ConsentLedger.SystemActor,
                                keyword.IsKeyword ? SuppressionReason.OptOutKeyword : SuppressionReason.OptOutWording)
                            {
                                Detail = keyword.Keyword, SourceMessageSid = sms.MessageSid, TextReceived = sms.Body, InboundMessageSid = sms.MessageSid,
                                OccurredAt = receivedAt, Programs = routing.Programs,
                            },
                            cancellationToken);
                        text = InboundReplies.OptOutText(OptionsOf(routing.Programs));
                        break;
                    case InboundClassification.OptIn:
                        (text, liftedNow) = await OptInAsync(sms, phone, receivedAt, routing, cancellationToken);
                        break;
                    default:
                        text = InboundReplies.TextFor(keyword.Classification, OptionsOf(routing.Programs));
                        break;
                }

                inbound.Reply = Twiml.Reply(text);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (inbound.Reply, liftedNow);
            });

            if (lifted.Count > 0)
            {
                await suppressions.AfterLiftCommittedAsync(phone, lifted, cancellationToken);
            }
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same message arrived twice at once: the other request recorded it.
            db.ChangeTracker.Clear();
            LogDuplicate(logger, sms.MessageSid);
            return await FindPreviousReplyAsync(sms, cancellationToken) ?? Twiml.Reply(string.Empty);
        }

        LogProcessed(logger, sms.MessageSid, keyword.Classification);
        return reply;
    }

    /// <summary>
    /// START, UNSTOP, YES: a pending request it confirms, else a re-subscription of the programs the number had opted out of
    /// by keyword or wording (a transactional re-opt-in with the message as evidence), else nothing.
    /// </summary>
    private async Task<(string Text, IReadOnlyList<string> Lifted)> OptInAsync(
        InboundSms sms, string phone, DateTimeOffset receivedAt, InboundRouting routing, CancellationToken cancellationToken)
    {
        var confirmed = await requests.ConfirmAsync(new ConsentReply(phone, sms.To, sms.Body, sms.MessageSid, receivedAt, routing.Programs), cancellationToken);
        if (confirmed.Count > 0)
        {
            return (InboundReplies.OptInText(OptionsOf(confirmed)), []);
        }

        var lifted = await suppressions.LiftAsync(phone, routing.Programs, ResumableReasons, cancellationToken);
        if (lifted.Count == 0)
        {
            return (InboundReplies.NothingToResumeText(OptionsOf(routing.Programs)), []);
        }

        var ordered = routing.Programs.Where(lifted.Contains).ToList();
        var text = InboundReplies.OptInText(OptionsOf(ordered));
        foreach (var program in ordered)
        {
            await ledger.AddOptInAsync(new OptInEvidence(
                phone, ConsentPurpose.Transactional, ConsentSource.Keyword, SourceUrl: null,
                OptInMessage: text, CapturedAt: receivedAt, IpAddress: null, UserAgent: null,
                CapturedBy: ConsentLedger.SystemActor, TextReceived: sms.Body, InboundMessageSid: sms.MessageSid, Program: program), cancellationToken);
        }

        return (text, ordered);
    }

    private List<ProgramOptions> OptionsOf(IEnumerable<string> names) => names.Select(programs.Get).ToList();

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

    [LoggerMessage(3, LogLevel.Warning, "Inbound message {MessageSid} ({Classification}) was sent to a number no configured sender has; it applies to every program ({Programs})")]
    private static partial void LogUnrouted(ILogger logger, string messageSid, string classification, int programs);
}
