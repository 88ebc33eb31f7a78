using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace Notifications.ServiceDefaults;

/// <summary>
/// The system clock moved by a fixed offset, for end-to-end tests of time-of-day rules (send windows) without
/// waiting for real hours: <c>Testing:ClockOffset</c> (a TimeSpan, e.g. <c>-3.04:05:06</c>) shifts every
/// <see cref="TimeProvider.GetUtcNow"/> of the process; timers and durations run at the real pace. Honoured only in
/// the Development and Testing environments; every process that shares the database must be given the same offset.
/// </summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    /// <summary>The configuration key of the offset.</summary>
    public const string OffsetKey = "Testing:ClockOffset";

    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    /// <summary>The shifted clock when <paramref name="builder"/> is a Development or Testing host configured with an offset; else null.</summary>
    public static ShiftedTimeProvider? FromConfiguration(IHostApplicationBuilder builder)
    {
        if (!(builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
            || builder.Configuration[OffsetKey] is not { Length: > 0 } value)
        {
            return null;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var offset)
            ? new ShiftedTimeProvider(offset)
            : throw new InvalidOperationException($"{OffsetKey} must be a TimeSpan such as -3.04:05:06 (was '{value}').");
    }
}
