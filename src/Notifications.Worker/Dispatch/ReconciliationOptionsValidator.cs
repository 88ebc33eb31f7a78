using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults;

namespace Notifications.Worker.Dispatch;

/// <summary>Checks <see cref="ReconciliationOptions"/> at start-up; each failure names its key.</summary>
internal sealed class ReconciliationOptionsValidator : IValidateOptions<ReconciliationOptions>
{
    private const string Section = ReconciliationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ReconciliationOptions options)
    {
        List<string?> failures =
        [
            TimeSpanRangeAttribute.Check($"{Section}:QueuedAfter", options.QueuedAfter, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            TimeSpanRangeAttribute.Check($"{Section}:SentAfter", options.SentAfter, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            TimeSpanRangeAttribute.Check($"{Section}:NoReceiptAfter", options.NoReceiptAfter, TimeSpan.FromHours(1), TimeSpan.FromDays(30)),
            TimeSpanRangeAttribute.Check($"{Section}:RecheckAfter", options.RecheckAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        ];

        if (options.NoReceiptAfter <= options.SentAfter)
        {
            failures.Add($"{Section}:NoReceiptAfter must be longer than {Section}:SentAfter (was {options.NoReceiptAfter}, not above {options.SentAfter}).");
        }

        if (options.BatchSize is < 1 or > 5_000)
        {
            failures.Add($"{Section}:BatchSize must be between 1 and 5,000 (was {options.BatchSize}).");
        }

        var found = failures.OfType<string>().ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
