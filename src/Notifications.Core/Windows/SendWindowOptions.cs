namespace Notifications.Core.Windows;

/// <summary>
/// Quiet hours, configuration section <c>SendWindows</c>: the local hours in which <c>marketing</c> messages
/// (and <c>transactional</c> ones when <see cref="ApplyToTransactional"/>) may reach a recipient.
/// Checked at start-up by <see cref="SendWindowOptionsValidator"/>.
/// </summary>
public sealed class SendWindowOptions
{
    public const string SectionName = "SendWindows";

    /// <summary>Start of the federal window, local time. The default value is 08:00.</summary>
    public TimeOnly Start { get; set; } = new(8, 0);

    /// <summary>End of the federal window (exclusive), local time. The default value is 21:00.</summary>
    public TimeOnly End { get; set; } = new(21, 0);

    /// <summary>Whether transactional messages keep the window too. The default value is false.</summary>
    public bool ApplyToTransactional { get; set; }

    /// <summary>
    /// Stricter windows per US state (two-letter code; the state comes from the area code, <see cref="UsAreaCodes"/>).
    /// The default holds FL, OK and MD at 08:00–20:00. A state's unset bound is the federal one.
    /// </summary>
    public Dictionary<string, StateWindowOptions> States { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FL"] = new() { End = new(20, 0) },
        ["OK"] = new() { End = new(20, 0) },
        ["MD"] = new() { End = new(20, 0) },
    };

    /// <summary>The window for a number in <paramref name="state"/> (null: no state known).</summary>
    public LocalWindow WindowFor(string? state) =>
        state is not null && States.TryGetValue(state, out var own)
            ? new LocalWindow(own.Start ?? Start, own.End ?? End)
            : new LocalWindow(Start, End);
}
