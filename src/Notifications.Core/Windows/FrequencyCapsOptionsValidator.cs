using Microsoft.Extensions.Options;
using Notifications.Core.Consent;

namespace Notifications.Core.Windows;

/// <summary>Checks <see cref="FrequencyCapsOptions"/> at start-up; each failure names its key.</summary>
internal sealed class FrequencyCapsOptionsValidator : IValidateOptions<FrequencyCapsOptions>
{
    private const string Section = FrequencyCapsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FrequencyCapsOptions options)
    {
        var failures = new List<string>();
        foreach (var (purpose, cap) in options)
        {
            var key = $"{Section}:{purpose}";
            if (!ConsentPurpose.IsValid(purpose))
            {
                failures.Add($"{key}: the purpose must be 'transactional' or 'marketing'.");
            }

            if (cap.Count is < 0 or > 1_000)
            {
                failures.Add($"{key}:Count must be between 0 (no cap) and 1,000 (was {cap.Count}).");
            }

            if (cap.Period < TimeSpan.FromMinutes(1) || cap.Period > TimeSpan.FromDays(30))
            {
                failures.Add($"{key}:Period must be between 00:01:00 and 30.00:00:00 (was {cap.Period}).");
            }

            var unknown = cap.StateList().Where(s => !UsAreaCodes.States.Contains(s.ToUpperInvariant())).ToList();
            if (string.IsNullOrWhiteSpace(cap.States) || unknown.Count > 0)
            {
                failures.Add($"{key}:States must be '*' or state codes the area-code table knows ({string.Join(", ", UsAreaCodes.States)}), separated by commas (was '{cap.States}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
