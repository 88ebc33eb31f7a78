using System.Collections.Concurrent;
using System.Diagnostics;

namespace Notifications.Testing;

/// <summary>
/// A program started with its output read continuously (a pipe nobody reads would block it once
/// full) and the last lines kept for error messages.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 2000;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Action<string>? _onErrorLine;
    private readonly Action<string>? _onOutputLine;
    private readonly ProgramLog _log;

    private ChildProcess(Process process, ProgramLog log, Action<string>? onErrorLine, Action<string>? onOutputLine)
    {
        Process = process;
        _log = log;
        _onErrorLine = onErrorLine;
        _onOutputLine = onOutputLine;
        process.OutputDataReceived += (_, e) => Capture(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => Capture(e.Data, error: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The running program, for its id, exit code and processor time.</summary>
    public Process Process { get; }

    public bool HasExited => Process.HasExited;

    /// <summary>The last lines it wrote, standard output and error interleaved.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The file holding everything it wrote (under <see cref="ProgramLogs.Folder"/>).</summary>
    public string LogPath => _log.Path;

    /// <summary>
    /// Starts <paramref name="command"/>, its output written to a log file named after <paramref name="logName"/>;
    /// <paramref name="onErrorLine"/> also sees each line of its standard error, <paramref name="onOutputLine"/> each line of its standard output.
    /// </summary>
    public static ChildProcess Start(
        string command,
        string logName,
        IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>>? environment = null,
        string? workingDirectory = null,
        Action<string>? onErrorLine = null,
        Action<string>? onOutputLine = null)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment ?? [])
        {
            startInfo.Environment[key] = value;
        }

        var log = ProgramLogs.Create(logName);
        log.WriteLine($"$ {command} {string.Join(' ', startInfo.ArgumentList)}");
        try
        {
            var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {command}.");
            return new ChildProcess(process, log, onErrorLine, onOutputLine);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Ends the program at once (SIGKILL) with its children, as a crash would, and waits for it.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
    }

    /// <summary>Asks the program to stop (SIGTERM) and waits until it has, or until <paramref name="timeout"/> passed.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (Process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Process.Dispose();
        _log.Dispose();
    }

    private void Capture(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        if (error)
        {
            _onErrorLine?.Invoke(line);
        }
        else
        {
            _onOutputLine?.Invoke(line);
        }

        _log.WriteLine(line);
        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }
}
