using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Notifications.Core.Sms;

/// <summary>Stops start-up on an entry of <c>Sms:AllowedCountries</c> that is not a country code, naming the key and the value.</summary>
internal sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    private static readonly HashSet<string> Regions = PhoneNumberUtil.GetInstance().GetSupportedRegions();

    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        if (options.AllowedCountries is { } list && string.IsNullOrWhiteSpace(list.Replace(",", string.Empty, StringComparison.Ordinal)))
        {
            return ValidateOptionsResult.Fail(
                $"{SmsOptions.SectionName}:AllowedCountries is set but names no country; leave it unset for the default (US, CA and the countries in Sms:Senders).");
        }

        var unknown = options.AllowedCountryCodes().Where(c => !Regions.Contains(c)).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(unknown.Select(c =>
                $"{SmsOptions.SectionName}:AllowedCountries: '{c}' is not an ISO 3166 country code; use a comma list such as US,CA,GB."));
    }
}
