using System.Collections.Concurrent;

namespace Notifications.Simulator.Twilio;

/// <summary>Every message the simulator accepted, by SID and by destination, in creation order.</summary>
public sealed class MessageStore
{
    private readonly ConcurrentDictionary<string, SimulatedMessage> _bySid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SimulatedMessage>> _byTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _createAttempts = new(StringComparer.Ordinal);
    private ConcurrentQueue<SimulatedMessage> _all = new();

    public int Count => _bySid.Count;

    public void Add(SimulatedMessage message)
    {
        _bySid[message.Sid] = message;
        _byTo.GetOrAdd(message.To, _ => new ConcurrentQueue<SimulatedMessage>()).Enqueue(message);
        _all.Enqueue(message);
    }

    public SimulatedMessage? Find(string sid) => _bySid.GetValueOrDefault(sid);

    /// <summary>Counts create attempts per destination (accepted or not); returns this attempt's number, from 1.</summary>
    public int CountCreateAttempt(string to) => _createAttempts.AddOrUpdate(to, 1, (_, n) => n + 1);

    /// <summary>Messages to <paramref name="to"/> (or all), newest first.</summary>
    public IEnumerable<SimulatedMessage> NewestFirst(string? to = null)
    {
        var source = to is null
            ? _all.ToArray()
            : _byTo.TryGetValue(to, out var queue) ? queue.ToArray() : [];
        for (var i = source.Length - 1; i >= 0; i--)
        {
            yield return source[i];
        }
    }

    public void Clear()
    {
        _bySid.Clear();
        _byTo.Clear();
        _createAttempts.Clear();
        _all = new ConcurrentQueue<SimulatedMessage>();
    }
}
