using System.Diagnostics;
using System.Globalization;

namespace Notifications.Benchmarks;

/// <summary>CPU seconds used so far, read from <c>/proc</c>: by a process, by every process with a given name, by the whole machine.</summary>
internal static class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static double Of(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Every live process named <paramref name="name"/>, plus what their exited children used.</summary>
    public static double OfNamed(string name)
    {
        double seconds = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var nameEnd = stat.LastIndexOf(')');
                var command = stat[(stat.IndexOf('(') + 1)..nameEnd];
                if (!command.StartsWith(name, StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the name: state is field 3; utime, stime, cutime, cstime are fields 14-17.
                var fields = stat[(nameEnd + 2)..].Split(' ');
                seconds += (Tick(fields[11]) + Tick(fields[12]) + Tick(fields[13]) + Tick(fields[14])) / TicksPerSecond;
            }
            catch (IOException)
            {
                // the process exited meanwhile
            }
        }

        return seconds;
    }

    /// <summary>Busy time of all cores together (everything but idle and I/O wait).</summary>
    public static double Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double busy = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            if (i is not 4 and not 5)
            {
                busy += Tick(fields[i]);
            }
        }

        return busy / TicksPerSecond;
    }

    private static double Tick(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
