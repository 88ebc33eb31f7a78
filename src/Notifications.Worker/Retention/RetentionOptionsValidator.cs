using System.Globalization;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults;

namespace Notifications.Worker.Retention;

/// <summary>
/// Checks the legal and contractual floors of <see cref="RetentionOptions"/> at start-up; each failure names its
/// key and says why (the other bounds are attributes on the options).
/// </summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private const string Section = RetentionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        List<string> failures = [];
        if (options.ConsentEvidence < RetentionOptions.ConsentEvidenceFloor)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:ConsentEvidence must be at least 4 years ({RetentionOptions.ConsentEvidenceFloor.TotalDays:0} days; was {options.ConsentEvidence}): TCPA claims can be brought for 4 years and the consent evidence is the defence."));
        }

        if (TimeSpanRangeAttribute.Check($"{Section}:ConsentEvidence", options.ConsentEvidence, TimeSpan.Zero, TimeSpan.FromDays(36_500)) is { } tooLong)
        {
            failures.Add(tooLong);
        }

        if (options.IdempotencyKeys < RetentionOptions.IdempotencyKeysFloor)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:IdempotencyKeys must be at least 24 hours (was {options.IdempotencyKeys}): the API promises that an Idempotency-Key is honoured for 24 hours."));
        }

        if (TimeSpanRangeAttribute.Check($"{Section}:IdempotencyKeys", options.IdempotencyKeys, TimeSpan.Zero, TimeSpan.FromDays(365)) is { } keysTooLong)
        {
            failures.Add(keysTooLong);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
