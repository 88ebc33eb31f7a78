namespace Notifications.Simulator.Twilio;

/// <summary>Counts the message look-ups clients make (fetch by SID, list), so tests can tell how often the service asks Twilio.</summary>
public sealed class LookupCounter
{
    private long _fetches;
    private long _lists;

    public long Fetches => Interlocked.Read(ref _fetches);

    public long Lists => Interlocked.Read(ref _lists);

    public void Fetched() => Interlocked.Increment(ref _fetches);

    public void Listed() => Interlocked.Increment(ref _lists);
}
