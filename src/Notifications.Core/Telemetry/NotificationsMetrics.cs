using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Notifications.Core.Telemetry;

/// <summary>
/// The <c>Notifications</c> meter. Tags are country, sender kind, status, error code and fallback
/// reason: never a phone number.
/// </summary>
public sealed class NotificationsMetrics
{
    public const string MeterName = "Notifications";

    private readonly Counter<long> _handedOver;
    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _fallbacksWithheld;
    private readonly Counter<long> _configurationAlerts;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Histogram<double> _callbackLag;

    public NotificationsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _handedOver = meter.CreateCounter<long>("notifications.sms.handed_over", "{message}", "SMS handed to Twilio");
        _outcomes = meter.CreateCounter<long>("notifications.sms.outcomes", "{message}", "SMS that reached a final status");
        _fallbacks = meter.CreateCounter<long>("notifications.fallbacks", "{message}", "Email fallbacks requested, by reason");
        _fallbacksWithheld = meter.CreateCounter<long>("notifications.fallbacks.withheld", "{message}",
            "Email fallbacks not sent because the person does not want them (email_unsubscribed, email_spam_reported, no_email_consent)");
        _configurationAlerts = meter.CreateCounter<long>("notifications.configuration_alerts", "{event}",
            "Errors that mean the account or sender setup is wrong (alert on any)");
        _deliveryLatency = meter.CreateHistogram<double>("notifications.sms.delivery_latency", "s", "Accept to delivered");
        _callbackLag = meter.CreateHistogram<double>("notifications.callback.lag", "s", "Hand-over to status callback");
    }

    public void HandedOver(string country, string senderKind) =>
        _handedOver.Add(1, new TagList { { "country", country }, { "sender_kind", senderKind } });

    public void Outcome(string status, string country, string? senderKind, int? errorCode) =>
        _outcomes.Add(1, new TagList { { "status", status }, { "country", country }, { "sender_kind", senderKind ?? "none" }, { "error_code", errorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none" } });

    public void FallbackRequested(string reason) => _fallbacks.Add(1, new TagList { { "reason", reason } });

    /// <summary>A requested fallback email not sent, by reason (never the address or the number).</summary>
    public void FallbackWithheld(string reason) => _fallbacksWithheld.Add(1, new TagList { { "reason", reason } });

    public void ConfigurationAlert(int? errorCode, string country) =>
        _configurationAlerts.Add(1, new TagList { { "error_code", errorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none" }, { "country", country } });

    public void Delivered(TimeSpan sinceAccepted, string country, string? senderKind) =>
        _deliveryLatency.Record(sinceAccepted.TotalSeconds, new TagList { { "country", country }, { "sender_kind", senderKind ?? "none" } });

    public void CallbackLag(TimeSpan lag, string status) => _callbackLag.Record(lag.TotalSeconds, new TagList { { "status", status } });
}
