namespace Notifications.Api.Webhooks;

/// <summary>
/// Remembers, in this process, since when status callbacks could not be stored (PostgreSQL unreachable),
/// until <see cref="CallbackGapRecorder"/> has written that time as a <see cref="Core.Hosting.CallbackGap"/>.
/// Thread-safe.
/// </summary>
public sealed class UnstoredCallbacks
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private DateTimeOffset _lastNoted;

    /// <summary>Notes that callbacks may have been lost from <paramref name="since"/> on, at <paramref name="at"/>.</summary>
    public void Note(DateTimeOffset since, DateTimeOffset at)
    {
        lock (_gate)
        {
            _since = _since is { } earlier && earlier < since ? earlier : since;
            _lastNoted = at > _lastNoted ? at : _lastNoted;
        }
    }

    /// <summary>Since when callbacks may have been lost, or null when none were.</summary>
    public DateTimeOffset? Since
    {
        get
        {
            lock (_gate)
            {
                return _since;
            }
        }
    }

    /// <summary>Forgets the note once a gap up to <paramref name="writtenAt"/> is stored, unless a later failure was noted meanwhile.</summary>
    public void Recorded(DateTimeOffset writtenAt)
    {
        lock (_gate)
        {
            if (_lastNoted <= writtenAt)
            {
                _since = null;
            }
        }
    }
}
