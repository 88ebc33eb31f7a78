using System.Collections.Concurrent;

namespace Notifications.Simulator.SendGrid;

/// <summary>Every email the simulator accepted, in order.</summary>
public sealed class EmailStore
{
    private ConcurrentQueue<SimulatedEmail> _all = new();
    private long _requests;

    public int Count => _all.Count;

    /// <summary>Authorized mail sends received so far, answered or not yet (counted before the added latency).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public void Received() => Interlocked.Increment(ref _requests);

    public void Add(SimulatedEmail email) => _all.Enqueue(email);

    public IEnumerable<SimulatedEmail> NewestFirst()
    {
        var all = _all.ToArray();
        for (var i = all.Length - 1; i >= 0; i--)
        {
            yield return all[i];
        }
    }

    public void Clear() => _all = new ConcurrentQueue<SimulatedEmail>();
}
