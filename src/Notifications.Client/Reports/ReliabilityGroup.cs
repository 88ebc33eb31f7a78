namespace Notifications.Client.Reports;

/// <summary>One group of the channel-reliability report.</summary>
public sealed record ReliabilityGroup
{
    /// <summary>The group's key (a day, a country, a sender or an error code).</summary>
    public string Key { get; init; } = "";

    /// <summary>Messages created.</summary>
    public int Messages { get; init; }

    /// <summary>Hand-overs to Twilio.</summary>
    public long Attempts { get; init; }

    /// <summary>Messages delivered.</summary>
    public int Delivered { get; init; }

    /// <summary>Messages undelivered.</summary>
    public int Undelivered { get; init; }

    /// <summary>Messages failed.</summary>
    public int Failed { get; init; }

    /// <summary>Delivered over those with a final status, when there are any.</summary>
    public double? DeliveryRate { get; init; }

    /// <summary>The median time from acceptance to delivery, in seconds.</summary>
    public double? MedianSecondsToDelivery { get; init; }

    /// <summary>Fallback emails triggered.</summary>
    public int FallbacksTriggered { get; init; }

    /// <summary>Fallbacks triggered, by reason.</summary>
    public IReadOnlyDictionary<string, int> FallbacksByReason { get; init; } = new Dictionary<string, int>();

    /// <summary>Fallback emails delivered.</summary>
    public int FallbacksDelivered { get; init; }

    /// <summary>Messages the app confirmed the recipient acted on.</summary>
    public int Confirmed { get; init; }

    /// <summary>Confirmed over the messages handed to Twilio.</summary>
    public double? ConfirmedRate { get; init; }

    /// <summary>Segments billed: each message's segments times its create calls.</summary>
    public long Segments { get; init; }
}
