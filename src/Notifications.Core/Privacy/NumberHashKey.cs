namespace Notifications.Core.Privacy;

/// <summary>
/// The secret <see cref="NumberProtector"/> uses when <c>Redis:NumberHashKey</c> is not set: generated once by
/// the first process that needs it and shared by every replica and restart. One row.
/// </summary>
public sealed class NumberHashKey
{
    /// <summary>The only row's id.</summary>
    public const short SingleId = 1;

    public short Id { get; set; }

    public required byte[] Secret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
