namespace Notifications.Simulator.SendGrid;

/// <summary>An email the simulator accepted through <c>/v3/mail/send</c>, with the events it posted.</summary>
public sealed class SimulatedEmail
{
    private readonly Lock _gate = new();
    private readonly List<EmailEventRecord> _events = [];

    public required string MessageId { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public required string From { get; init; }

    public required string Subject { get; init; }

    public string? Text { get; init; }

    public required IReadOnlyDictionary<string, string> CustomArgs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public void AddEvent(EmailEventRecord record)
    {
        lock (_gate)
        {
            _events.Add(record);
        }
    }

    public IReadOnlyList<EmailEventRecord> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }
}
