namespace Notifications.Client.Messages;

/// <summary>What became of one item of a batch.</summary>
public sealed record BatchItemResult
{
    /// <summary>The item's position in the batch, from 0.</summary>
    public int Index { get; init; }

    /// <summary>The message's id when accepted; null when rejected.</summary>
    public Guid? Id { get; init; }

    /// <summary><c>accepted</c> or <c>rejected</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Why the item was rejected, by field; null when accepted.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary><c>GSM-7</c> or <c>UCS-2</c>, for an item that was valid.</summary>
    public string? Encoding { get; init; }

    /// <summary>How many segments the item's body takes, for an item that was valid.</summary>
    public int? Segments { get; init; }
}
