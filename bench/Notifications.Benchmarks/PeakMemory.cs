using System.Diagnostics;
using System.Globalization;

namespace Notifications.Benchmarks;

/// <summary>
/// The peak resident set of some processes over one phase of a benchmark: <c>VmRSS</c> from <c>/proc/&lt;pid&gt;/status</c>
/// sampled every 100 ms (the kernel's own high-water mark, <c>VmHWM</c>, cannot be reset between phases), with what it
/// held at its peak: anonymous memory (<c>RssAnon</c>: the GC heap and native allocations), the runtime's code and
/// loader heaps (<c>RssShmem</c>: .NET maps them twice through a memfd, writable and executable, W^X), and mapped files
/// (<c>RssFile</c>: the shared framework's and the program's assemblies and native libraries, shared with every
/// other process that maps them).
/// </summary>
internal sealed class PeakMemory : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly (string Name, int Pid)[] _processes;
    private readonly Resident[] _peak;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private PeakMemory((string Name, Process Process)[] processes)
    {
        _processes = processes.Select(p => (p.Name, p.Process.Id)).ToArray();
        _peak = new Resident[_processes.Length];
        Sample();
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Starts sampling <paramref name="processes"/> now.</summary>
    public static PeakMemory Start(params (string Name, Process Process)[] processes) => new(processes);

    /// <summary>
    /// Stops sampling; returns "api 212 MB (heap 55, code 51, files 106), ..." (the peak of each process while sampled, and
    /// its anonymous memory, code and loader heaps and mapped files at that moment).
    /// </summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        Sample();
        return string.Join(", ", _processes.Select((p, i) => string.Create(
            CultureInfo.InvariantCulture,
            $"{p.Name} {_peak[i].TotalKb / 1024.0:N0} MB (heap {_peak[i].AnonKb / 1024.0:N0}, code {_peak[i].ShmemKb / 1024.0:N0}, files {_peak[i].FileKb / 1024.0:N0})")));
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
            if (Read(_processes[i].Pid) is { } resident && resident.TotalKb > _peak[i].TotalKb)
            {
                _peak[i] = resident;
            }
        }
    }

    /// <summary>The resident lines of the process's status, in kB; null once the process is gone.</summary>
    private static Resident? Read(int pid)
    {
        try
        {
            var resident = default(Resident);
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && (line.StartsWith("Rss", StringComparison.Ordinal) || line.StartsWith("VmRSS:", StringComparison.Ordinal)))
                {
                    var kb = long.Parse(line[(colon + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    resident = line[..colon] switch
                    {
                        "VmRSS" => resident with { TotalKb = kb },
                        "RssAnon" => resident with { AnonKb = kb },
                        "RssFile" => resident with { FileKb = kb },
                        "RssShmem" => resident with { ShmemKb = kb },
                        _ => resident,
                    };
                }
            }

            return resident.TotalKb > 0 ? resident : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private readonly record struct Resident(long TotalKb, long AnonKb, long FileKb, long ShmemKb);
}
