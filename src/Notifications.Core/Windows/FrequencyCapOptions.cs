namespace Notifications.Core.Windows;

/// <summary>
/// One purpose's frequency cap, <c>FrequencyCaps:&lt;purpose&gt;</c>: at most <see cref="Count"/> messages per
/// <see cref="Period"/> to one number in one program, for the numbers in <see cref="States"/>.
/// </summary>
public sealed class FrequencyCapOptions
{
    /// <summary>Messages allowed per period; 0 means no cap. The default value is 0 (marketing: 3).</summary>
    public int Count { get; set; }

    /// <summary>The sliding period the count covers. The default value is 24 hours.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Which numbers the cap applies to: US state codes separated by commas (the state from the area code), or
    /// <c>*</c> for every number. The default value is <c>*</c> (marketing: <c>FL,OK,MD</c>).
    /// </summary>
    public string States { get; set; } = AllNumbers;

    /// <summary>The <see cref="States"/> value for every number.</summary>
    public const string AllNumbers = "*";

    /// <summary>The states listed in <see cref="States"/> (empty for <c>*</c>).</summary>
    public IReadOnlyList<string> StateList() =>
        States.Trim() == AllNumbers ? [] : States.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether the cap counts messages to a number in <paramref name="state"/> (null: no state known).</summary>
    public bool AppliesTo(string? state) =>
        Count > 0 && (States.Trim() == AllNumbers || (state is not null && StateList().Contains(state, StringComparer.OrdinalIgnoreCase)));
}
