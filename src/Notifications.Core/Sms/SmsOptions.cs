namespace Notifications.Core.Sms;

/// <summary>How SMS bodies are encoded and where SMS may go, configuration section <c>Sms</c>.</summary>
public sealed class SmsOptions
{
    public const string SectionName = "Sms";

    /// <summary>
    /// Whether a message without its own <c>smartEncoding</c> has its Unicode look-alikes (curly quotes, long
    /// dashes, ellipsis, unusual spaces) replaced by GSM-7 characters before it is counted and stored.
    /// The default value is true.
    /// </summary>
    public bool SmartEncoding { get; set; } = true;

    /// <summary>
    /// The countries SMS may be sent to, a comma list of ISO 3166 codes (<c>US,CA,GB</c>). The default
    /// (unset) is US, CA and every country with its own sender in <c>Sms:Senders</c>. A message to any other
    /// country sends no SMS: its fallback email if it has one, else it fails with <c>country_not_allowed</c>.
    /// </summary>
    public string? AllowedCountries { get; set; }

    /// <summary>The ISO codes of <see cref="AllowedCountries"/>, upper case; empty when unset.</summary>
    public IReadOnlyList<string> AllowedCountryCodes() =>
        (AllowedCountries ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant()).ToList();
}
