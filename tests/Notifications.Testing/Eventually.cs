using System.Globalization;

namespace Notifications.Testing;

/// <summary>
/// Waits for something another process or thread does: polls a probe until its value satisfies a
/// condition, and otherwise fails with what was awaited and the last value seen.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts unless told otherwise. The default value is 15 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The pause between two probes unless told otherwise. The default value is 100 ms.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Probes until <paramref name="done"/> holds for the value, and returns that value.
    /// </summary>
    /// <param name="probe">Reads the current value.</param>
    /// <param name="done">Whether the value is the one awaited.</param>
    /// <param name="description">What is awaited, for the failure message ("message 42 delivered").</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="interval">The pause between probes; <see cref="DefaultInterval"/> when null.</param>
    /// <param name="retryOn">Exceptions of the probe that mean "not yet" (a server still starting); any other fails at once.</param>
    /// <exception cref="TimeoutException">The value never satisfied <paramref name="done"/>.</exception>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> done,
        string description,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        Func<Exception, bool>? retryOn = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        string lastSeen = "nothing (never probed)";
        Exception? lastError = null;
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                {
                    return value;
                }

                lastSeen = Describe(value);
                lastError = null;
            }
            catch (Exception ex) when (retryOn?.Invoke(ex) == true)
            {
                lastSeen = $"{ex.GetType().Name}: {ex.Message}";
                lastError = ex;
            }

            if (TimeProvider.System.GetElapsedTime(started) >= limit)
            {
                throw new TimeoutException(
                    string.Create(CultureInfo.InvariantCulture, $"Timed out after {limit.TotalSeconds:0.#} s waiting for {description}; last seen: {lastSeen}. {ProgramLogs.RunningHint}"),
                    lastError);
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Probes until <paramref name="condition"/> is true.</summary>
    /// <exception cref="TimeoutException">The condition never held.</exception>
    public static Task UntilAsync(
        Func<Task<bool>> condition,
        string description,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        Func<Exception, bool>? retryOn = null) =>
        UntilAsync(condition, done => done, description, timeout, interval, retryOn);

    /// <summary>Probes until <paramref name="condition"/> is true (a condition read without waiting, as an in-memory list).</summary>
    /// <exception cref="TimeoutException">The condition never held.</exception>
    public static Task UntilAsync(Func<bool> condition, string description, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), done => done, description, timeout, interval);

    /// <summary>Retries <paramref name="action"/> until it completes without an exception <paramref name="retryOn"/> accepts (any, when null).</summary>
    /// <exception cref="TimeoutException">The action kept failing; the last failure is the inner exception.</exception>
    public static Task SucceedsAsync(
        Func<Task> action,
        string description,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        Func<Exception, bool>? retryOn = null) =>
        UntilAsync(
            async () =>
            {
                await action();
                return true;
            },
            done => done,
            description,
            timeout,
            interval,
            retryOn ?? (_ => true));

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        System.Collections.IEnumerable items and not string => $"[{string.Join(", ", items.Cast<object?>().Take(20))}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
