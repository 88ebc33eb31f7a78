using Notifications.Simulator.SendGrid;

namespace Notifications.Simulator.Inspection;

/// <summary>An email as the inspection endpoints show it, with the events posted for it.</summary>
public sealed record SentEmailView(
    string MessageId, IReadOnlyList<string> To, string From, string Subject, string? Text,
    IReadOnlyDictionary<string, string> CustomArgs, DateTimeOffset CreatedAt, IReadOnlyList<EmailEventRecord> Events)
{
    public static SentEmailView Of(SimulatedEmail e) =>
        new(e.MessageId, e.To, e.From, e.Subject, e.Text, e.CustomArgs, e.CreatedAt, e.Events);
}
