using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Twilio;

/// <summary>Reads <see cref="TwilioOptions"/> from configuration and rejects bad values naming the key.</summary>
internal sealed class TwilioOptionsSetup(IConfiguration configuration) : IConfigureOptions<TwilioOptions>, IValidateOptions<TwilioOptions>
{
    public void Configure(TwilioOptions options)
    {
        options.AccountSid = configuration[TwilioOptions.AccountSidKey] ?? string.Empty;
        options.AuthToken = configuration[TwilioOptions.AuthTokenKey] ?? string.Empty;
        options.FromNumber = NullIfBlank(configuration[TwilioOptions.FromNumberKey]);
        options.MessagingServiceSid = NullIfBlank(configuration[TwilioOptions.MessagingServiceSidKey]);
        options.StatusCallbackUrl = AbsoluteUri(configuration[TwilioOptions.StatusCallbackUrlKey]);
        options.ApiBaseUrl = AbsoluteUri(configuration[TwilioOptions.ApiBaseUrlKey]) ?? TwilioOptions.DefaultApiBaseUrl;
        options.PublicBaseUrl = AbsoluteUri(configuration[TwilioOptions.PublicBaseUrlKey]);
    }

    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountSid))
        {
            failures.Add($"{TwilioOptions.AccountSidKey} is required (the Twilio account SID, AC...).");
        }

        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            failures.Add($"{TwilioOptions.AuthTokenKey} is required (the Twilio auth token).");
        }

        CheckUrl(TwilioOptions.StatusCallbackUrlKey, failures);
        CheckUrl(TwilioOptions.ApiBaseUrlKey, failures);
        CheckUrl(TwilioOptions.PublicBaseUrlKey, failures);

        if (options.MessagingServiceSid is { } sid && !(sid.StartsWith("MG", StringComparison.Ordinal) && sid.Length == 34))
        {
            failures.Add($"{TwilioOptions.MessagingServiceSidKey} must be a Messaging Service SID (MG followed by 32 hex digits).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckUrl(string key, List<string> failures)
    {
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value) && AbsoluteUri(value) is null)
        {
            failures.Add($"{key} must be an absolute http(s) URL; got '{value}'.");
        }
    }

    private static Uri? AbsoluteUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
