namespace Notifications.Core.Sms;

/// <summary>
/// One regional sender, an entry of <c>Sms:Senders</c> keyed by ISO country code or <c>default</c>.
/// </summary>
public sealed class SenderOptions
{
    /// <summary>A phone number (E.164), a 5–6 digit short code, or an alphanumeric sender ID.</summary>
    public string? From { get; set; }

    /// <summary>A Messaging Service (MG...) that picks the sender instead of <see cref="From"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>India: the principal entity ID registered on the DLT platform.</summary>
    public string? DltEntityId { get; set; }

    /// <summary>India: the approved DLT content template ID.</summary>
    public string? DltTemplateId { get; set; }

    /// <summary>Messages per second this sender may take, shared by every worker. The default value is 10.</summary>
    public double MessagesPerSecond { get; set; } = 10;
}
