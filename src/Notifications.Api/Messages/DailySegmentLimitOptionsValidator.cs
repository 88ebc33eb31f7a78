using Microsoft.Extensions.Options;

namespace Notifications.Api.Messages;

/// <summary>Stops start-up on an <c>Apps:&lt;app&gt;:DailySegmentLimit</c> that is not a limit, naming the key and the value.</summary>
internal sealed class DailySegmentLimitOptionsValidator : IValidateOptions<DailySegmentLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, DailySegmentLimitOptions options) => options.Invalid.Count == 0
        ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail(options.Invalid.Select(i =>
            $"{i.Key} must be a whole number of segments from 0 to {DailySegmentLimitOptions.MaxLimit:N0} (was '{i.Value}')."));
}
