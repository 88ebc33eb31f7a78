using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Notifications.ServiceDefaults;

/// <summary>
/// Bounds a <see cref="TimeSpan"/> setting; a value outside them fails validation with a message that
/// names the configuration key and the value found, for example
/// "Dispatch:BatchLinger must be between 0 and 10 seconds (was -00:00:01)."
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    /// <param name="key">The full configuration key, sections separated by colons.</param>
    /// <param name="minimum">The smallest value allowed, in <see cref="TimeSpan"/> format (<c>00:00:00.010</c>).</param>
    /// <param name="maximum">The largest value allowed, in <see cref="TimeSpan"/> format.</param>
    public TimeSpanRangeAttribute(string key, string minimum, string maximum)
    {
        Key = key;
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    public string Key { get; }

    public TimeSpan Minimum { get; }

    public TimeSpan Maximum { get; }

    /// <summary>The failure message for <paramref name="value"/> under <paramref name="key"/>, or null when it lies within the bounds.</summary>
    public static string? Check(string key, TimeSpan value, TimeSpan minimum, TimeSpan maximum) =>
        value >= minimum && value <= maximum
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{key} must be between {Describe(minimum)} and {Describe(maximum)} (was {value}).");

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is not TimeSpan span)
        {
            return ValidationResult.Success;
        }

        return Check(Key, span, Minimum, Maximum) is { } failure
            ? new ValidationResult(failure, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
    }

    /// <summary>A bound as people write it: 0, 250 milliseconds, 10 seconds, 5 minutes, 2 hours, 7 days.</summary>
    private static string Describe(TimeSpan span) => span switch
    {
        { Ticks: 0 } => "0",
        { Ticks: var t } when t % TimeSpan.TicksPerDay == 0 => Plural(span.TotalDays, "day"),
        { Ticks: var t } when t % TimeSpan.TicksPerHour == 0 => Plural(span.TotalHours, "hour"),
        { Ticks: var t } when t % TimeSpan.TicksPerMinute == 0 => Plural(span.TotalMinutes, "minute"),
        { Ticks: var t } when t % TimeSpan.TicksPerSecond == 0 => Plural(span.TotalSeconds, "second"),
        { Ticks: var t } when t % TimeSpan.TicksPerMillisecond == 0 => Plural(span.TotalMilliseconds, "millisecond"),
        _ => span.ToString("c", CultureInfo.InvariantCulture),
    };

    private static string Plural(double count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:0} {unit}{(count == 1 ? string.Empty : "s")}");
}
