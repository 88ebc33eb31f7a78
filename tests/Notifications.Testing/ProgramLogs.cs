using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Notifications.Testing;

/// <summary>
/// Where the output of every program a test or benchmark starts goes: one file per program run under
/// <c>artifacts/logs/</c>, so that the test output holds only results. A failing wait names the files of
/// the programs running at that moment (<see cref="RunningHint"/>).
/// </summary>
public static class ProgramLogs
{
    private static readonly ConcurrentDictionary<ProgramLog, byte> Open = new();
    private static int _sequence;

    /// <summary>The folder holding the log files.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "artifacts", "logs");

    /// <summary>Opens a new log file for one run of <paramref name="name"/> (e.g. "api-41234").</summary>
    public static ProgramLog Create(string name)
    {
        Directory.CreateDirectory(Folder);
        var file = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Interlocked.Increment(ref _sequence):000}-{name}.log");
        var log = new ProgramLog(Path.Combine(Folder, file), static l => Open.TryRemove(l, out _));
        Open[log] = 0;
        return log;
    }

    /// <summary>One sentence naming the log files of the programs running now, for a failure message.</summary>
    public static string RunningHint
    {
        get
        {
            var paths = Open.Keys.Select(l => Path.GetRelativePath(RepositoryPaths.Root, l.Path)).Order(StringComparer.Ordinal).ToList();
            return paths.Count == 0 ? string.Empty : $"Logs of the programs running: {string.Join(", ", paths)}";
        }
    }
}

/// <summary>One program run's log file: lines appended as they come, flushed at once (a killed test run keeps them).</summary>
public sealed class ProgramLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;
    private readonly Action<ProgramLog> _onDispose;
    private bool _disposed;

    internal ProgramLog(string path, Action<ProgramLog> onDispose)
    {
        Path = path;
        _onDispose = onDispose;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { AutoFlush = true };
    }

    public string Path { get; }

    public void WriteLine(string line)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer.Dispose();
        }

        _onDispose(this);
    }
}
