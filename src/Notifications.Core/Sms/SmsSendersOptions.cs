using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifications.Core.Twilio;

namespace Notifications.Core.Sms;

/// <summary>Regional senders, section <c>Sms:Senders</c> keyed by ISO country code plus <c>default</c>.</summary>
public sealed class SmsSendersOptions
{
    public const string SectionName = "Sms:Senders";

    public Dictionary<string, SenderOptions> Senders { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Reads <c>Sms:Senders</c>; when it names no <c>default</c>, <c>TWILIO_FROM_NUMBER</c> or
/// <c>TWILIO_MESSAGING_SERVICE_SID</c> is the default sender. Rejects bad entries naming the key.
/// </summary>
internal sealed class SmsSendersOptionsSetup(IConfiguration configuration) : IConfigureOptions<SmsSendersOptions>, IValidateOptions<SmsSendersOptions>
{
    public void Configure(SmsSendersOptions options)
    {
        foreach (var entry in configuration.GetSection(SmsSendersOptions.SectionName).GetChildren())
        {
            var sender = new SenderOptions();
            entry.Bind(sender);
            var key = entry.Key.Equals(SenderRules.DefaultKey, StringComparison.OrdinalIgnoreCase) ? SenderRules.DefaultKey : entry.Key.ToUpperInvariant();
            options.Senders[key] = sender;
        }

        // TWILIO_FROM_NUMBER / TWILIO_MESSAGING_SERVICE_SID are the default sender unless Sms:Senders:default names one.
        var from = configuration[TwilioOptions.FromNumberKey];
        var service = configuration[TwilioOptions.MessagingServiceSidKey];
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(service))
        {
            return;
        }

        if (!options.Senders.TryGetValue(SenderRules.DefaultKey, out var defaults))
        {
            options.Senders[SenderRules.DefaultKey] = defaults = new SenderOptions();
        }

        if (defaults.From is null && defaults.MessagingServiceSid is null)
        {
            defaults.From = string.IsNullOrWhiteSpace(from) ? null : from.Trim();
            defaults.MessagingServiceSid = string.IsNullOrWhiteSpace(service) ? null : service.Trim();
        }
    }

    public ValidateOptionsResult Validate(string? name, SmsSendersOptions options)
    {
        var failures = options.Senders.SelectMany(s => SenderRules.Validate(s.Key, s.Value)).ToList();
        if (options.Senders.Count == 0)
        {
            failures.Add($"{SmsSendersOptions.SectionName}: no sender is configured. Set {SmsSendersOptions.SectionName}:default:From, or {TwilioOptions.FromNumberKey} or {TwilioOptions.MessagingServiceSidKey}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
