namespace Notifications.IntegrationTests.Storms;

/// <summary>The storm stack with one worker and a retry budget of a few seconds.</summary>
public sealed class ShortBudgetProcesses : StormProcesses
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    protected override int WorkerCount => 1;

    protected override IDictionary<string, string> ExtraSettings => new Dictionary<string, string>(base.ExtraSettings)
    {
        ["Dispatch__RetryBudget"] = Budget.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };
}
