using Microsoft.Extensions.Time.Testing;

namespace Notifications.UnitTests;

/// <summary>
/// A fake clock that tells when code under test has started to wait on it (every delay, linger or
/// timed cancellation creates one timer), so a test advances time only once the wait is in place.
/// </summary>
internal sealed class ObservableTimeProvider : FakeTimeProvider
{
    /// <summary>A safety net against a hang, far longer than any step of a test takes.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _timersCreated = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timersCreated.Release();
        return timer;
    }

    /// <summary>Waits until one more timer has been created on this clock.</summary>
    public async Task WaitForTimerAsync()
    {
        Assert.True(await _timersCreated.WaitAsync(Patience), "nothing started to wait on the clock");
    }
}
