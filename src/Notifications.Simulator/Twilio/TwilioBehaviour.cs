using Microsoft.Extensions.Options;

namespace Notifications.Simulator.Twilio;

/// <summary>
/// The fault and timing switches, starting from configuration and adjustable at run time through
/// <c>PUT /simulator/twilio/behaviour</c> (for tests and benchmarks).
/// </summary>
public sealed class TwilioBehaviour
{
    private readonly Lock _gate = new();
    private long _windowSecond;
    private int _windowCount;

    public TwilioBehaviour(IOptions<SimulatorOptions> options)
    {
        var twilio = options.Value.Twilio;
        Current = new TwilioBehaviourSettings(
            twilio.SentDelay, twilio.FinalDelay, twilio.DuplicateCallbackRate, twilio.OutOfOrderRate,
            twilio.MaxCreatesPerSecond, twilio.ServerErrorRate, twilio.AddedLatency, twilio.DelayJitter,
            twilio.TooManyRequestsRate, twilio.DroppedAnswerRate, twilio.AnswerDelay);
    }

    public TwilioBehaviourSettings Current { get; set; }

    /// <summary>Counts a create against the per-second limit; false when it is over the limit.</summary>
    public bool TryAdmitCreate(DateTimeOffset now)
    {
        var limit = Current.MaxCreatesPerSecond;
        if (limit <= 0)
        {
            return true;
        }

        var second = now.ToUnixTimeSeconds();
        lock (_gate)
        {
            if (second != _windowSecond)
            {
                _windowSecond = second;
                _windowCount = 0;
            }

            return ++_windowCount <= limit;
        }
    }
}
