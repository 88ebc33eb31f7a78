namespace Notifications.Client.Messages;

/// <summary>The answer to a send: the message's id, <c>accepted</c>, and how the body is encoded.</summary>
public sealed record AcceptedMessage
{
    /// <summary>The message's id (for <see cref="NotificationsClient.GetMessageAsync"/>).</summary>
    public Guid Id { get; init; }

    /// <summary><c>accepted</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary><c>GSM-7</c> or <c>UCS-2</c>.</summary>
    public string Encoding { get; init; } = "";

    /// <summary>How many SMS segments the body takes.</summary>
    public int Segments { get; init; }
}
