using Microsoft.Extensions.Options;

namespace Notifications.Core.Sms;

/// <summary>
/// Where SMS may go (<c>Sms:AllowedCountries</c>): the configured list, or by default US, CA and every country
/// with its own sender in <c>Sms:Senders</c>. Anything else is refused before any create call, so a form
/// abused for SMS pumping to premium ranges abroad costs nothing.
/// </summary>
public sealed class CountryAllowList(IOptions<SmsOptions> sms, IOptions<SmsSendersOptions> senders)
{
    /// <summary>The failure and fallback reason of a message to a country not allowed.</summary>
    public const string NotAllowedReason = "country_not_allowed";

    /// <summary>Allowed without configuration.</summary>
    public static readonly IReadOnlyList<string> Defaults = ["US", "CA"];

    private readonly Lazy<IReadOnlySet<string>> _allowed = new(() => Resolve(sms.Value, senders.Value));

    /// <summary>Whether SMS may go to <paramref name="country"/> (an ISO code).</summary>
    public bool Allows(string country) => _allowed.Value.Contains(country);

    /// <summary>The allowed countries for these settings.</summary>
    public static IReadOnlySet<string> Resolve(SmsOptions sms, SmsSendersOptions senders)
    {
        var configured = sms.AllowedCountryCodes();
        return configured.Count > 0
            ? configured.ToHashSet(StringComparer.OrdinalIgnoreCase)
            : Defaults.Concat(senders.Senders.Keys.Where(k => !k.Equals(SenderRules.DefaultKey, StringComparison.OrdinalIgnoreCase)))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
