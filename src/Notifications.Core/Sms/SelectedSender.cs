namespace Notifications.Core.Sms;

public sealed record SelectedSender(string Key, SenderOptions Options)
{
    /// <summary>What identifies the sender in logs, metrics and rate limits (never a recipient).</summary>
    public string Name => Options.MessagingServiceSid ?? Options.From!;

    public string Kind => SenderKind.Of(Options);
}
