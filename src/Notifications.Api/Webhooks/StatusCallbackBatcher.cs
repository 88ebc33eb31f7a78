using Notifications.Core.Hosting;
using Notifications.Core.Messages;

namespace Notifications.Api.Webhooks;

/// <summary>
/// Status callbacks by group commit: the webhook answers Twilio once its callback is committed
/// (a callback that could not be applied is answered with an error). Twilio does not post a callback
/// again: a group refused because PostgreSQL is unreachable is noted (<see cref="UnstoredCallbacks"/>), and
/// <see cref="CallbackGapRecorder"/> records the gap for the worker to look those messages up.
/// </summary>
public sealed class StatusCallbackBatcher(IServiceScopeFactory scopes, UnstoredCallbacks unstored, TimeProvider time, ILogger<StatusCallbackBatcher> logger)
    : GroupCommit<StatusCallback, CallbackOutcome>(logger, time)
{
    protected override int MaxGroupWeight => 500;

    /// <summary>
    /// Twilio waits up to 15 s for an answer: up to 10 ms more lets the callbacks of a quiet moment
    /// share one transaction instead of one each (fewer round trips for the API and PostgreSQL alike).
    /// </summary>
    protected override TimeSpan Linger => TimeSpan.FromMilliseconds(10);

    /// <summary>A group of this many goes at once: waiting longer would only hold back Twilio's posts.</summary>
    protected override int LingerUntilWeight => 32;

    protected override async Task<IReadOnlyList<CallbackOutcome>> ApplyAsync(IReadOnlyList<StatusCallback> items, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<StatusCallbackProcessor>().ApplyAsync(items, cancellationToken);
        }
        catch (Exception ex) when (DependencyFailures.IsDatabaseUnavailable(ex))
        {
            var now = Time.GetUtcNow();
            unstored.Note(now, now);
            throw;
        }
    }
}
