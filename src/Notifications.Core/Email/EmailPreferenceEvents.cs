namespace Notifications.Core.Email;

/// <summary>SendGrid's event names that say what a person wants from email, and what each does to fallback emails.</summary>
public static class EmailPreferenceEvents
{
    public const string Unsubscribe = "unsubscribe";
    public const string GroupUnsubscribe = "group_unsubscribe";
    public const string SpamReport = "spamreport";
    public const string GroupResubscribe = "group_resubscribe";

    /// <summary>Every preference event.</summary>
    public static readonly IReadOnlyList<string> All = [Unsubscribe, GroupUnsubscribe, SpamReport, GroupResubscribe];

    public static bool IsPreference(string eventName) => All.Contains(eventName, StringComparer.Ordinal);

    /// <summary>Unsubscribes and spam reports withhold later fallback emails; a resubscribe lifts that.</summary>
    public static bool Suppresses(string eventName) => eventName is Unsubscribe or GroupUnsubscribe or SpamReport;
}
