namespace Notifications.Benchmarks;

/// <summary>One fault of the chaos run: what it does, when it starts (share of the sending phase) and how it ends.</summary>
internal sealed record ChaosFault(string Name, double StartShare, Func<Action<string>, Task> RunAsync);
