namespace Notifications.Core.Messages;

/// <summary>The first response to an <c>Idempotency-Key</c>, replayed to later requests with the same key and body.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>Column length of <see cref="Key"/> (the <c>Idempotency-Key</c> header).</summary>
    public const int KeyMaxLength = 200;

    public required string AppId { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the request (method, path and body).</summary>
    public required string RequestHash { get; set; }

    public int ResponseStatus { get; set; }

    public required string ResponseBody { get; set; }

    public string? ResponseLocation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
