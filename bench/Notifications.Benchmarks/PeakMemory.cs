using System.Diagnostics;
using System.Globalization;

namespace Notifications.Benchmarks;

/// <summary>
/// The peak resident set of some processes over one phase of a benchmark: <c>VmRSS</c> from <c>/proc/&lt;pid&gt;/status</c>
/// sampled every 100 ms (the kernel's own high-water mark, <c>VmHWM</c>, cannot be reset between phases).
/// </summary>
internal sealed class PeakMemory : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly (string Name, int Pid)[] _processes;
    private readonly long[] _peakKb;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private PeakMemory((string Name, Process Process)[] processes)
    {
        _processes = processes.Select(p => (p.Name, p.Process.Id)).ToArray();
        _peakKb = new long[_processes.Length];
        Sample();
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Starts sampling <paramref name="processes"/> now.</summary>
    public static PeakMemory Start(params (string Name, Process Process)[] processes) => new(processes);

    /// <summary>Stops sampling; returns "api 212 MB, worker 198 MB, ..." (the peak of each process while sampled).</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        Sample();
        return string.Join(", ", _processes.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {_peakKb[i] / 1024.0:N0} MB")));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Sample()
    {
        for (var i = 0; i < _processes.Length; i++)
        {
            if (ResidentKb(_processes[i].Pid) is { } kb && kb > _peakKb[i])
            {
                _peakKb[i] = kb;
            }
        }
    }

    /// <summary>The <c>VmRSS</c> line of the process's status, in kB; null once the process is gone.</summary>
    private static long? ResidentKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
