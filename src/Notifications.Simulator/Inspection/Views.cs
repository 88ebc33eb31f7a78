using Notifications.Simulator.SendGrid;
using Notifications.Simulator.Twilio;

namespace Notifications.Simulator.Inspection;

/// <summary>An SMS as the inspection endpoints show it: what was sent and every callback posted for it.</summary>
public sealed record SentMessageView(
    string Sid, string To, string? From, string? MessagingServiceSid, string Body, string Status, int? ErrorCode,
    DateTimeOffset DateCreated, IReadOnlyList<CallbackRecord> Callbacks)
{
    public static SentMessageView Of(SimulatedMessage m) =>
        new(m.Sid, m.To, m.From, m.MessagingServiceSid, m.Body, m.Status, m.ErrorCode, m.DateCreated, m.Callbacks);
}

/// <summary>An email as the inspection endpoints show it, with the events posted for it.</summary>
public sealed record SentEmailView(
    string MessageId, IReadOnlyList<string> To, string From, string Subject, string? Text,
    IReadOnlyDictionary<string, string> CustomArgs, DateTimeOffset CreatedAt, IReadOnlyList<EmailEventRecord> Events)
{
    public static SentEmailView Of(SimulatedEmail e) =>
        new(e.MessageId, e.To, e.From, e.Subject, e.Text, e.CustomArgs, e.CreatedAt, e.Events);
}

public sealed record SimulatorStats(int Messages, int Emails, long CallbacksPosted, long CallbacksFailed, long EmailEventPosts);

public sealed record PublicKeyView(string PublicKey);
