using System.Globalization;

namespace Notifications.Api.Messages;

/// <summary>
/// Each app's daily segment budget, read from <c>Apps:&lt;app&gt;:DailySegmentLimit</c> (a whole number of segments,
/// for example <c>Apps__marketing__DailySegmentLimit=50000</c>). An app without one has no limit. The day is the UTC day.
/// </summary>
public sealed class DailySegmentLimitOptions
{
    public const string SectionName = "Apps";
    public const string LimitKey = "DailySegmentLimit";

    /// <summary>The largest limit accepted (ten times Twilio's 10DLC daily caps, far above any real budget).</summary>
    public const long MaxLimit = 1_000_000_000;

    /// <summary>App name to its daily limit, for the apps that set one.</summary>
    public Dictionary<string, long> Limits { get; } = new(StringComparer.Ordinal);

    /// <summary>Values that are not a limit, as <c>(configuration key, value)</c>; start-up fails on any.</summary>
    public List<(string Key, string Value)> Invalid { get; } = [];

    /// <summary>The limit of <paramref name="app"/>, or null when it has none.</summary>
    public long? For(string app) => Limits.TryGetValue(app, out var limit) ? limit : null;

    /// <summary>The configuration key of <paramref name="app"/>'s limit.</summary>
    public static string KeyOf(string app) => $"{SectionName}:{app}:{LimitKey}";

    /// <summary>Reads one app's value: a whole number from 0 to <see cref="MaxLimit"/>; an empty value is no limit.</summary>
    public void Set(string app, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit <= MaxLimit)
        {
            Limits[app] = limit;
        }
        else
        {
            Invalid.Add((KeyOf(app), value));
        }
    }
}
