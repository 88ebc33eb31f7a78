using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Consent;

/// <summary>Double opt-in settings (section <c>Consent</c>).</summary>
public sealed class ConsentRequestOptions
{
    public const string SectionName = "Consent";

    /// <summary>
    /// How long a consent request waits for the person's <c>YES</c> after it was made; a reply later than that
    /// confirms nothing and the request reads <c>expired</c>. The default value is 24 hours.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00",
        ErrorMessage = "Consent:ConfirmationWindow must be between 00:01:00 and 7.00:00:00 (default 1.00:00:00).")]
    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromHours(24);
}
