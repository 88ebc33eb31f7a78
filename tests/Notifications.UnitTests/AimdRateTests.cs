using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Sms;

namespace Notifications.UnitTests;

/// <summary>A sender's rate under Twilio's 429s: halved at most once a second down to the floor, back up by a tenth a second while creates go through.</summary>
public sealed class AimdRateTests
{
    private const double Configured = 20;

    [Fact]
    public void Next_FirstThrottle_HalvesTheConfiguredRate()
    {
        var time = new FakeTimeProvider();

        Assert.Equal(10, AimdRate.Next(null, Configured, throttled: true, time.GetUtcNow()).Rate);
    }

    [Fact]
    public void Next_ManyThrottlesWithinASecond_HalveOnce()
    {
        var time = new FakeTimeProvider();
        var state = AimdRate.Next(null, Configured, throttled: true, time.GetUtcNow());
        for (var i = 0; i < 150; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            state = AimdRate.Next(state, Configured, throttled: true, time.GetUtcNow());
        }

        Assert.Equal(10, state.Rate);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, AimdRate.Next(state, Configured, throttled: true, time.GetUtcNow()).Rate);
    }

    [Fact]
    public void Next_ThrottledForLong_StopsAtTheFloor()
    {
        var time = new FakeTimeProvider();
        AimdState? state = null;
        for (var i = 0; i < 30; i++)
        {
            state = AimdRate.Next(state, Configured, throttled: true, time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(AimdRate.Floor, state!.Rate);
    }

    [Fact]
    public void Next_ConfiguredBelowTheFloor_NeverGoesBelowTheConfiguredRate()
    {
        var time = new FakeTimeProvider();

        Assert.Equal(0.5, AimdRate.Next(null, 0.5, throttled: true, time.GetUtcNow()).Rate);
    }

    [Fact]
    public void Next_CreatesGoingThrough_ClimbAdditivelyBackToTheConfiguredRate()
    {
        var time = new FakeTimeProvider();
        var state = new AimdState(AimdRate.Floor, time.GetUtcNow(), DateTimeOffset.MinValue);

        // Within a second of the decrease: no increase yet.
        time.Advance(TimeSpan.FromMilliseconds(500));
        state = AimdRate.Next(state, Configured, throttled: false, time.GetUtcNow());
        Assert.Equal(AimdRate.Floor, state.Rate);

        var rates = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            state = AimdRate.Next(state, Configured, throttled: false, time.GetUtcNow());
            // A second report within the same second changes nothing.
            state = AimdRate.Next(state, Configured, throttled: false, time.GetUtcNow());
            rates.Add(state.Rate);
        }

        Assert.Equal([3, 5, 7, 9, 11, 13, 15, 17, 19, 20, 20, 20], rates);
    }

    [Fact]
    public void Next_AtTheConfiguredRate_CreatesGoingThroughChangeNothing()
    {
        var time = new FakeTimeProvider();

        Assert.Equal(Configured, AimdRate.Next(null, Configured, throttled: false, time.GetUtcNow()).Rate);
    }

    [Fact]
    public void Next_ConfiguredRateLowered_CapsTheEffectiveRate()
    {
        var time = new FakeTimeProvider();
        var state = new AimdState(20, DateTimeOffset.MinValue, DateTimeOffset.MinValue);

        Assert.Equal(8, AimdRate.Next(state, 8, throttled: false, time.GetUtcNow()).Rate);
    }
}
