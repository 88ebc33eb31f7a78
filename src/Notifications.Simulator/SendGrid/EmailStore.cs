using System.Collections.Concurrent;

namespace Notifications.Simulator.SendGrid;

/// <summary>Every email the simulator accepted, in order.</summary>
public sealed class EmailStore
{
    private ConcurrentQueue<SimulatedEmail> _all = new();

    public int Count => _all.Count;

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
