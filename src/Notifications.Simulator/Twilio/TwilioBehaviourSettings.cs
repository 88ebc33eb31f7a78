namespace Notifications.Simulator.Twilio;

public sealed record TwilioBehaviourSettings(
    TimeSpan SentDelay,
    TimeSpan FinalDelay,
    double DuplicateCallbackRate,
    double OutOfOrderRate,
    int MaxCreatesPerSecond,
    double ServerErrorRate,
    TimeSpan AddedLatency,
    double DelayJitter = 0,
    double TooManyRequestsRate = 0,
    double DroppedAnswerRate = 0,
    TimeSpan AnswerDelay = default);
