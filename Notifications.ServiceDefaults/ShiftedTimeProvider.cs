using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace Notifications.ServiceDefaults;

/// <summary>
/// The system clock moved by an offset read from a file, for end-to-end tests of time-of-day rules (send windows)
/// without waiting for real hours. <c>Testing:ClockOffsetFile</c> names a file holding a TimeSpan (e.g.
/// <c>-3.04:05:06</c>; missing or empty: no offset); every <see cref="TimeProvider.GetUtcNow"/> of the process adds it,
/// and the file is read again at most every 200 milliseconds, so a test can move the clock of a running stack.
/// Timers and durations run at the real pace. Honoured only in the Development and Testing environments; every
/// process that shares the database must be given the same file.
/// </summary>
public sealed class ShiftedTimeProvider(string offsetFile) : TimeProvider
{
    /// <summary>The configuration key of the offset file.</summary>
    public const string OffsetFileKey = "Testing:ClockOffsetFile";

    private static readonly TimeSpan RereadAfter = TimeSpan.FromMilliseconds(200);
    private readonly Lock _gate = new();
    private TimeSpan _offset;
    private long _readAt = long.MinValue;

    /// <summary>The offset now in force.</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                if (_readAt == long.MinValue || Stopwatch.GetElapsedTime(_readAt) >= RereadAfter)
                {
                    _offset = Read(offsetFile);
                    _readAt = Stopwatch.GetTimestamp();
                }

                return _offset;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    /// <summary>The shifted clock when <paramref name="builder"/> is a Development or Testing host given an offset file; else null.</summary>
    public static ShiftedTimeProvider? FromConfiguration(IHostApplicationBuilder builder) =>
        (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
        && builder.Configuration[OffsetFileKey] is { Length: > 0 } path
            ? new ShiftedTimeProvider(path)
            : null;

    private static TimeSpan Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return TimeSpan.Zero;
        }

        return text.Length == 0 ? TimeSpan.Zero
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var offset) ? offset
            : throw new InvalidOperationException($"{OffsetFileKey}: the file must hold a TimeSpan such as -3.04:05:06 (was '{text}').");
    }
}
