using PhoneNumbers;

namespace Notifications.Core.Windows;

/// <summary>The time zones a send window must hold in for a number: the consent's, then every zone libphonenumber maps the number to.</summary>
public static class RecipientZones
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Mapper = PhoneNumberToTimeZonesMapper.GetInstance();

    /// <summary>
    /// The zones of <paramref name="e164"/>, the consent's <paramref name="consentTimeZone"/> first when given (and known);
    /// empty when neither gives a zone this machine knows.
    /// </summary>
    public static IReadOnlyList<TimeZoneInfo> Of(string e164, string? consentTimeZone)
    {
        var zones = new List<TimeZoneInfo>();
        if (consentTimeZone is not null && TryFind(consentTimeZone, out var chosen))
        {
            zones.Add(chosen);
        }

        try
        {
            foreach (var id in Mapper.GetTimeZonesForNumber(Util.Parse(e164, null)))
            {
                if (TryFind(id, out var zone) && !zones.Any(z => z.Id == zone.Id))
                {
                    zones.Add(zone);
                }
            }
        }
        catch (NumberParseException)
        {
            // Stored numbers are E.164 already; an unparsable one has only the consent's zone.
        }

        return zones;
    }

    /// <summary>Whether <paramref name="id"/> is an IANA time zone this machine knows.</summary>
    public static bool TryFind(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || !id.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
