namespace Notifications.Simulator.Twilio;

/// <summary>A message the simulator accepted, with its lifecycle and the callbacks it posted.</summary>
public sealed class SimulatedMessage
{
    private readonly Lock _gate = new();
    private readonly List<CallbackRecord> _callbacks = [];

    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    public required string To { get; init; }

    public string? From { get; init; }

    public string? MessagingServiceSid { get; init; }

    public required string Body { get; init; }

    public required int NumSegments { get; init; }

    public string? StatusCallback { get; init; }

    /// <summary>The create's <c>ValidityPeriod</c> in seconds, when it gave one.</summary>
    public int? ValidityPeriod { get; init; }

    public required DateTimeOffset DateCreated { get; init; }

    public string Status { get; private set; } = "queued";

    public int? ErrorCode { get; private set; }

    public DateTimeOffset? DateSent { get; private set; }

    public DateTimeOffset DateUpdated { get; private set; }

    /// <summary>The outcome last reported through the Message Feedback resource (<c>confirmed</c> or <c>unconfirmed</c>), if any.</summary>
    public string? FeedbackOutcome { get; private set; }

    public void RecordFeedback(string outcome)
    {
        lock (_gate)
        {
            FeedbackOutcome = outcome;
        }
    }

    public void Transition(string status, int? errorCode, DateTimeOffset now)
    {
        lock (_gate)
        {
            Status = status;
            ErrorCode = errorCode;
            DateUpdated = now;
            if (status is "sent" or "delivered" or "undelivered" && DateSent is null)
            {
                DateSent = now;
            }
        }
    }

    public void AddCallback(CallbackRecord record)
    {
        lock (_gate)
        {
            _callbacks.Add(record);
        }
    }

    public IReadOnlyList<CallbackRecord> Callbacks
    {
        get
        {
            lock (_gate)
            {
                return [.. _callbacks];
            }
        }
    }
}
