namespace Notifications.Client.Messages;

/// <summary>The answer to a batch: how many items were accepted and rejected, and one result per item, in order.</summary>
public sealed record BatchResponse
{
    /// <summary>How many items were accepted.</summary>
    public int Accepted { get; init; }

    /// <summary>How many items were rejected.</summary>
    public int Rejected { get; init; }

    /// <summary>One result per item, in the order sent.</summary>
    public IReadOnlyList<BatchItemResult> Results { get; init; } = [];
}
