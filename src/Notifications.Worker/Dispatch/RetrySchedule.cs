namespace Notifications.Worker.Dispatch;

/// <summary>
/// When a message Twilio never processed is tried again, and until when: the arithmetic of the retry
/// budget in one place. Every retry of a create goes through <see cref="NextTry"/>.
/// </summary>
public static class RetrySchedule
{
    /// <summary>
    /// The last moment <paramref name="message"/> may still be tried: <see cref="DispatchOptions.RetryBudget"/>
    /// after its acceptance. (A message's own expiry, when it has one, belongs here too: the earlier of both.)
    /// </summary>
    public static DateTimeOffset Deadline(BatchMessage message, DispatchOptions options) => message.AcceptedAt + options.RetryBudget;

    /// <summary>
    /// The longest backoff after the create call numbered <paramref name="attempt"/> (1 for the first):
    /// <see cref="DispatchOptions.RetryBaseDelay"/> doubled for each earlier call, at most <see cref="DispatchOptions.RetryMaxDelay"/>.
    /// </summary>
    public static TimeSpan BackoffCeiling(int attempt, DispatchOptions options)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = options.RetryBaseDelay * Math.Pow(2, doublings);
        return ceiling < options.RetryMaxDelay ? ceiling : options.RetryMaxDelay;
    }

    /// <summary>
    /// When <paramref name="message"/>, refused or never created at its create call numbered <paramref name="attempt"/>,
    /// is due again: after a backoff drawn uniformly between zero and <see cref="BackoffCeiling"/> (full jitter;
    /// <paramref name="random"/> in [0, 1) picks it), and no later than its <see cref="Deadline"/>. Null once the
    /// deadline has passed: the message has had its budget.
    /// </summary>
    public static DateTimeOffset? NextTry(BatchMessage message, int attempt, DispatchOptions options, DateTimeOffset now, double random)
    {
        var deadline = Deadline(message, options);
        if (now >= deadline)
        {
            return null;
        }

        var due = now + (BackoffCeiling(attempt, options) * random);
        return due < deadline ? due : deadline;
    }
}
