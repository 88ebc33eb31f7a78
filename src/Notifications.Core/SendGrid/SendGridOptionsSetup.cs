using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Notifications.Core.SendGrid;

/// <summary>Reads <see cref="SendGridOptions"/> from configuration and rejects bad values naming the key.</summary>
/// <summary>Reads and checks <see cref="SendGridOptions"/>; the API key and sender are required only where email is sent.</summary>
internal sealed class SendGridOptionsSetup(IConfiguration configuration, bool sendsEmail) : IConfigureOptions<SendGridOptions>, IValidateOptions<SendGridOptions>
{
    public void Configure(SendGridOptions options)
    {
        options.ApiKey = configuration[SendGridOptions.ApiKeyKey] ?? string.Empty;
        options.FromEmail = configuration[SendGridOptions.FromEmailKey] ?? string.Empty;
        options.ApiBaseUrl = Uri.TryCreate(configuration[SendGridOptions.ApiBaseUrlKey], UriKind.Absolute, out var uri)
            ? uri : SendGridOptions.DefaultApiBaseUrl;
        options.WebhookPublicKey = string.IsNullOrWhiteSpace(configuration[SendGridOptions.WebhookPublicKeyKey])
            ? null : configuration[SendGridOptions.WebhookPublicKeyKey]!.Trim();
    }

    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        var failures = new List<string>();
        if (sendsEmail && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{SendGridOptions.ApiKeyKey} is required (the SendGrid API key).");
        }

        if (sendsEmail && !MailAddress.TryCreate(options.FromEmail, out _))
        {
            failures.Add($"{SendGridOptions.FromEmailKey} must be an email address; got '{options.FromEmail}'.");
        }

        var baseUrl = configuration[SendGridOptions.ApiBaseUrlKey];
        if (!string.IsNullOrWhiteSpace(baseUrl) && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"{SendGridOptions.ApiBaseUrlKey} must be an absolute URL; got '{baseUrl}'.");
        }

        if (options.WebhookPublicKey is { } key && !SendGridOptions.IsEcdsaPublicKey(key))
        {
            failures.Add($"{SendGridOptions.WebhookPublicKeyKey} must be a base64 ECDSA public key (as SendGrid shows it).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
