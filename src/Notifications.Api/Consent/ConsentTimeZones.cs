using Microsoft.EntityFrameworkCore;
using Notifications.Api.Http;
using Notifications.Core.Data;
using Notifications.Core.Windows;

namespace Notifications.Api.Consent;

/// <summary>The optional <c>timeZone</c> of <c>POST /api/consents</c>: checked, then kept per program and number (the latest wins).</summary>
internal static class ConsentTimeZones
{
    /// <summary>Adds a field error unless <paramref name="timeZone"/> is absent or an IANA time zone name (<c>America/New_York</c>).</summary>
    public static void Validate(string? timeZone, Validation validation)
    {
        if (timeZone is null)
        {
            return;
        }

        if (timeZone.Length > ConsentTimeZone.TimeZoneMaxLength || !RecipientZones.TryFind(timeZone, out _))
        {
            validation.Add("timeZone", "Must be an IANA time zone name such as 'America/New_York'.");
        }
    }

    /// <summary>Stores <paramref name="timeZone"/> for the number in the program, replacing one given before (one statement, safe when concurrent).</summary>
    public static async Task SetAsync(NotificationsDbContext db, string program, string phone, string timeZone, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO consent_time_zones (program, phone, time_zone, updated_at) VALUES ({program}, {phone}, {timeZone}, {now})
            ON CONFLICT (program, phone) DO UPDATE SET time_zone = EXCLUDED.time_zone, updated_at = EXCLUDED.updated_at
            """, cancellationToken);
}
