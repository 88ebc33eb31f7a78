namespace Notifications.Benchmarks;

/// <summary>The plain-Hangfire baseline's job: nothing but Hangfire's own bookkeeping.</summary>
public static class EmptyJob
{
    public static void Run(int message)
    {
        _ = message;
    }
}
