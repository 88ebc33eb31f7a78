using Notifications.Core.Consent;

namespace Notifications.Core.Windows;

/// <summary>
/// Frequency caps per purpose, configuration section <c>FrequencyCaps</c> (<c>FrequencyCaps:&lt;purpose&gt;:Count</c>,
/// <c>:Period</c>, <c>:States</c>). The default caps marketing at 3 per 24 hours for numbers in FL, OK and MD,
/// and nothing else. Checked at start-up by <see cref="SendWindowOptionsValidator"/>.
/// </summary>
public sealed class FrequencyCapsOptions : Dictionary<string, FrequencyCapOptions>
{
    public const string SectionName = "FrequencyCaps";

    public FrequencyCapsOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
        this[ConsentPurpose.Marketing] = new FrequencyCapOptions { Count = 3, Period = TimeSpan.FromHours(24), States = "FL,OK,MD" };
    }

    /// <summary>The cap on <paramref name="purpose"/> for a number in <paramref name="state"/>, if one applies.</summary>
    public FrequencyCapOptions? For(string purpose, string? state) =>
        TryGetValue(purpose, out var cap) && cap.AppliesTo(state) ? cap : null;
}
