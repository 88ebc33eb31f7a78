using System.Collections.Concurrent;

namespace Notifications.Simulator.Inspection;

/// <summary>The latest <see cref="Capacity"/> records of one kind, kept for the inspection page and endpoints.</summary>
public sealed class RecentLog<T>
{
    /// <summary>How many records are kept; older ones are dropped.</summary>
    public const int Capacity = 1_000;

    private readonly ConcurrentQueue<T> _records = new();
    private long _total;

    /// <summary>How many records were added since the start (or the last <see cref="Clear"/>), including those dropped.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Add(T record)
    {
        _records.Enqueue(record);
        Interlocked.Increment(ref _total);
        while (_records.Count > Capacity)
        {
            _records.TryDequeue(out _);
        }
    }

    /// <summary>The records kept, newest first.</summary>
    public IEnumerable<T> NewestFirst()
    {
        var records = _records.ToArray();
        for (var i = records.Length - 1; i >= 0; i--)
        {
            yield return records[i];
        }
    }

    public void Clear()
    {
        _records.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}
