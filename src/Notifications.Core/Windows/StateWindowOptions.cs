namespace Notifications.Core.Windows;

/// <summary>One state's window, <c>SendWindows:States:&lt;ST&gt;</c>; an unset bound is the federal one.</summary>
public sealed class StateWindowOptions
{
    /// <summary>Start of the window, local time (<c>SendWindows:States:&lt;ST&gt;:Start</c>).</summary>
    public TimeOnly? Start { get; set; }

    /// <summary>End of the window, exclusive, local time (<c>SendWindows:States:&lt;ST&gt;:End</c>).</summary>
    public TimeOnly? End { get; set; }
}
