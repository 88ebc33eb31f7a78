namespace Notifications.Api.SendGrid;

/// <summary>How SendGrid's event webhook is guarded besides its signature (section <c>SendGrid</c>).</summary>
public sealed class SendGridWebhookOptions
{
    public const string Section = "SendGrid";

    /// <summary>
    /// Accept unsigned event posts when <c>SENDGRID_WEBHOOK_PUBLIC_KEY</c> is not set, outside Development too
    /// (<c>SendGrid:AllowUnsignedEvents</c>; a warning is logged at start-up). The default value is false: outside
    /// Development, unsigned posts are refused until the key is configured.
    /// </summary>
    public bool AllowUnsignedEvents { get; set; }
}
