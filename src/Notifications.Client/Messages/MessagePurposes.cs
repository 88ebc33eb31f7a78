namespace Notifications.Client.Messages;

/// <summary>The purposes a message or a consent has.</summary>
public static class MessagePurposes
{
    /// <summary><c>transactional</c>: a message the person expects from what they did (a code, a reminder). The default.</summary>
    public const string Transactional = "transactional";

    /// <summary><c>marketing</c>: needs prior express written consent and is held to quiet hours and frequency caps.</summary>
    public const string Marketing = "marketing";
}
