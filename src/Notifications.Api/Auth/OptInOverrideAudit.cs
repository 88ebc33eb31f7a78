using System.Diagnostics;
using System.Diagnostics.Metrics;
using Notifications.Core.Messages;
using Notifications.Core.Telemetry;

namespace Notifications.Api.Auth;

/// <summary>
/// The audit of every accepted message that asks for <c>overrideOptIn</c> (scope
/// <see cref="AppScopes.OptInOverride"/>): a timeline entry written with the message, the counter
/// <c>notifications.consent.override</c> (tag <c>app</c>) and a log line with the app and the
/// message id, never the number. Whether the override was then needed is the worker's
/// <c>consent_override</c> entry; it never applies over a revocation (<c>ConsentDecision</c>).
/// </summary>
public sealed partial class OptInOverrideAudit
{
    public const string CounterName = "notifications.consent.override";

    private readonly Counter<long> _overrides;
    private readonly ILogger<OptInOverrideAudit> _logger;

    public OptInOverrideAudit(IMeterFactory meterFactory, ILogger<OptInOverrideAudit> logger)
    {
        _overrides = meterFactory.Create(NotificationsMetrics.MeterName)
            .CreateCounter<long>(CounterName, "{message}", "Messages accepted with overrideOptIn, by app");
        _logger = logger;
    }

    /// <summary>The timeline entries of the messages in <paramref name="messages"/> that ask for the override.</summary>
    public static List<MessageEvent> TimelineEntries(IEnumerable<Message> messages, DateTimeOffset at) =>
        messages.Where(m => m.OverrideOptIn).Select(m => new MessageEvent
        {
            MessageId = m.Id,
            At = at,
            Type = MessageEventType.OverrideRequested,
            Detail = $"overrideOptIn requested by app '{m.AppId}' (scope {AppScopes.OptInOverride}): sent without an opt-in only if none "
                + "and no revocation is on record",
        }).ToList();

    /// <summary>Counts and logs the accepted messages that ask for the override (after their commit).</summary>
    public void Accepted(IEnumerable<Message> messages)
    {
        foreach (var message in messages.Where(m => m.OverrideOptIn))
        {
            _overrides.Add(1, new TagList { { "app", message.AppId } });
            LogOverrideRequested(_logger, message.AppId, message.Id);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "App {App} accepted message {MessageId} with overrideOptIn: it may be sent without a recorded opt-in")]
    private static partial void LogOverrideRequested(ILogger logger, string app, Guid messageId);
}
