using System.Globalization;

namespace Notifications.Benchmarks;

/// <summary>One configuration of the plain-Hangfire baseline and what it ran.</summary>
internal sealed record BaselineResult(int Workers, bool LongPolling, long Succeeded, int Jobs, double JobsPerSecond)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Workers,2} workers, long polling {(LongPolling ? "on " : "off")}: {JobsPerSecond,6:N0} jobs/s{Stragglers()}");

    private string Stragglers() => Succeeded < Jobs
        ? string.Create(CultureInfo.InvariantCulture, $" ({Jobs - Succeeded:N0} fetched but never run; the rate is up to the last finished job)")
        : "";
}
