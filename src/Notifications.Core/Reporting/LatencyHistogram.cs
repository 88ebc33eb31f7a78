namespace Notifications.Core.Reporting;

/// <summary>
/// Times to delivery merged from the rollups' sparse histograms (<see cref="DailyStats.BucketsPerLogUnit"/> buckets per
/// unit of natural logarithm of the seconds), and their median: the bucket holding the middle value (or the two
/// middle values, averaged, as PostgreSQL's <c>percentile_cont(0.5)</c> does), taken at its geometric centre.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly SortedDictionary<int, long> _counts = [];

    /// <summary>Adds the deliveries of <paramref name="buckets"/>[i], <paramref name="counts"/>[i] (any order, repeats summed).</summary>
    public void Add(IReadOnlyList<int> buckets, IReadOnlyList<int> counts)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(counts.Count, buckets.Count, nameof(counts));
        for (var i = 0; i < buckets.Count; i++)
        {
            _counts[buckets[i]] = _counts.GetValueOrDefault(buckets[i]) + counts[i];
        }
    }

    /// <summary>Adds every delivery of <paramref name="other"/>.</summary>
    public void Add(LatencyHistogram other)
    {
        foreach (var (bucket, count) in other._counts)
        {
            _counts[bucket] = _counts.GetValueOrDefault(bucket) + count;
        }
    }

    /// <summary>The median time to delivery in seconds; null with no delivery.</summary>
    public double? Median()
    {
        var total = _counts.Values.Sum();
        if (total <= 0)
        {
            return null;
        }

        // Zero-based ranks of the middle value(s): equal when the total is odd.
        var (lowRank, highRank) = ((total - 1) / 2, total / 2);
        int? low = null;
        long upTo = 0;
        foreach (var (bucket, count) in _counts)
        {
            upTo += count;
            if (low is null && upTo > lowRank)
            {
                low = bucket;
            }

            if (upTo > highRank)
            {
                return (DailyStats.BucketSeconds(low!.Value) + DailyStats.BucketSeconds(bucket)) / 2;
            }
        }

        throw new InvalidOperationException("Unreachable: the ranks lie below the total.");
    }
}
