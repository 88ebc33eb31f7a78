namespace Notifications.Client.Consent;

/// <summary>An SMS the number sent to the program.</summary>
public sealed record InboundMessageView
{
    /// <summary>Twilio's message SID.</summary>
    public string MessageSid { get; init; } = "";

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The sender number it was sent to.</summary>
    public string To { get; init; } = "";

    /// <summary>Its text.</summary>
    public string Body { get; init; } = "";

    /// <summary>How it was read (opt-out, opt-in, help, other).</summary>
    public string Classification { get; init; } = "";
}
