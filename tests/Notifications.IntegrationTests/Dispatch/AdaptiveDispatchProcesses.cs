using Notifications.IntegrationTests.Outages;

namespace Notifications.IntegrationTests.Dispatch;

/// <summary>
/// The whole service as processes with <c>Dispatch:DirectBatchSize</c> at its default and a linger of
/// <see cref="Linger"/>, far above the default's 250 ms, so that a wait for it stands out on a busy machine;
/// the default sender's rate is raised so that a burst is limited by the send path, not by the sender.
/// </summary>
public sealed class AdaptiveDispatchProcesses : ServiceProcesses
{
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Dispatch__BatchLinger"] = Linger.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Sms__Senders__default__MessagesPerSecond"] = "2000",
    };
}

/// <summary>
/// The adaptive-dispatch tests judge hand-over times against the linger: they run alone, after the collections that run in
/// parallel, so that other stacks starting on the same cores cannot stretch one direct batch past a linger.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AdaptiveDispatchDefinition
{
    public const string Name = "Adaptive dispatch";
}
