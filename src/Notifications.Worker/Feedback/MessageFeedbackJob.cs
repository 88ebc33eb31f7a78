using Hangfire;
using Notifications.Core.Hosting;
using Notifications.Core.Sms;
using Npgsql;

namespace Notifications.Worker.Feedback;

/// <summary>
/// Reports confirmed receipts to Twilio (Message Feedback, outcome <c>confirmed</c>): the messages an app confirmed
/// (<c>POST /api/messages/{id}/confirm</c>) and not reported yet, oldest first, a bounded number per run. A confirmation
/// Twilio refuses for good (it does not know the message, or feedback is not enabled for it) is marked done and logged;
/// a transient failure leaves it for the next run.
/// </summary>
public sealed partial class MessageFeedbackJob(NpgsqlDataSource dataSource, ISmsSender sms, TimeProvider time, ILogger<MessageFeedbackJob> logger)
{
    /// <summary>Confirmations reported per run at most.</summary>
    public const int BatchSize = 200;

    private const int Concurrency = 8;

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    [JobDisplayName("Report confirmed receipts to Twilio")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var due = new List<(Guid Id, string Sid)>();
        await using (var read = dataSource.CreateCommand("""
            SELECT id, provider_sid FROM messages WHERE confirmed_at IS NOT NULL AND feedback_at IS NULL ORDER BY confirmed_at LIMIT $1
            """))
        {
            read.Parameters.Add(new() { Value = BatchSize });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        var done = new List<Guid>();
        var (reported, refused, failed) = (0, 0, 0);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (message, token) =>
        {
            try
            {
                var accepted = await sms.ReportConfirmedAsync(message.Sid, token);
                lock (done)
                {
                    done.Add(message.Id);
                    _ = accepted ? reported++ : refused++;
                }

                if (!accepted)
                {
                    LogRefused(logger, message.Id);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                LogFailed(logger, message.Id, ex.GetType().Name);
            }
        });

        await using var mark = dataSource.CreateCommand("UPDATE messages SET feedback_at = $2 WHERE id = ANY($1)");
        mark.Parameters.Add(new() { Value = done.ToArray() });
        mark.Parameters.Add(new() { Value = time.GetUtcNow() });
        await mark.ExecuteNonQueryAsync(cancellationToken);
        LogRun(logger, reported, refused, failed);
    }

    [LoggerMessage(1, LogLevel.Information, "Confirmed receipts: {Reported} reported to Twilio, {Refused} refused by Twilio, {Failed} left for the next run")]
    private static partial void LogRun(ILogger logger, int reported, int refused, int failed);

    [LoggerMessage(2, LogLevel.Warning, "Twilio refused the confirmation of message {MessageId} (unknown message, or feedback not enabled); not retried")]
    private static partial void LogRefused(ILogger logger, Guid messageId);

    [LoggerMessage(3, LogLevel.Warning, "Reporting the confirmation of message {MessageId} to Twilio failed ({Error}); tried again next run")]
    private static partial void LogFailed(ILogger logger, Guid messageId, string error);
}
