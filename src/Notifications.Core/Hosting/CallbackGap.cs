namespace Notifications.Core.Hosting;

/// <summary>
/// A time in which status callbacks may have been lost (table <c>callback_gaps</c>): no api process was
/// alive (Twilio does not post a callback again), or an api process could not store callbacks (PostgreSQL
/// unreachable: it answered 503 and Twilio does not retry). Written by the api once the database is
/// reachable again; the worker's gap reconciliation looks up the messages that may have missed a callback
/// and marks the gap settled.
/// </summary>
public sealed class CallbackGap
{
    /// <summary>Reason: no api process wrote a heartbeat (every process was down or had crashed).</summary>
    public const string NoLiveApi = "no_live_api";

    /// <summary>Reason: an api process could not reach PostgreSQL, so callbacks it received were refused.</summary>
    public const string DatabaseUnreachable = "database_unreachable";

    /// <summary>How often each api process writes its heartbeat: 5 seconds.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Another api process counts as alive while its last beat is at most this old: 1.5 times
    /// <see cref="HeartbeatInterval"/>, so one late beat on a busy machine does not make a gap.
    /// </summary>
    public static readonly TimeSpan LiveWithin = HeartbeatInterval * 1.5;

    /// <summary>
    /// Clocks of the api, the worker and PostgreSQL's clients differ a little: a message updated up to this
    /// long after a gap's end may still have missed a callback in it. 10 seconds.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    public long Id { get; set; }

    /// <summary>The last moment callbacks were known to be stored (the last heartbeat, or the first refused callback).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When an api process could store callbacks again.</summary>
    public DateTimeOffset EndedAt { get; set; }

    /// <summary><see cref="NoLiveApi"/> or <see cref="DatabaseUnreachable"/>.</summary>
    public required string Reason { get; set; }

    /// <summary>When every message that may have missed a callback in the gap was looked up.</summary>
    public DateTimeOffset? SettledAt { get; set; }
}
