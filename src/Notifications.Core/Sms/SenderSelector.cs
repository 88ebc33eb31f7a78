using Microsoft.Extensions.Options;

namespace Notifications.Core.Sms;

/// <summary>Picks the sender for a destination country from <c>Sms:Senders</c>.</summary>
public sealed class SenderSelector(IOptions<SmsSendersOptions> options)
{
    /// <summary>
    /// The country's own sender, else the default one, except where the country only accepts a
    /// registered sender: then null (the message must not be attempted by SMS).
    /// </summary>
    public SelectedSender? Select(string country)
    {
        var senders = options.Value.Senders;
        if (senders.TryGetValue(country, out var own))
        {
            return new SelectedSender(country, own);
        }

        if (SenderRules.RequireRegisteredSender.Contains(country))
        {
            return null;
        }

        return senders.TryGetValue(SenderRules.DefaultKey, out var fallback) ? new SelectedSender(SenderRules.DefaultKey, fallback) : null;
    }
}
