using Notifications.Core.Reporting;

namespace Notifications.UnitTests;

/// <summary>The median of merged latency histograms (<see cref="LatencyHistogram"/>), as <c>percentile_cont(0.5)</c> takes it.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void Median_OfNothing_IsNull() => Assert.Null(new LatencyHistogram().Median());

    [Fact]
    public void Median_OddTotal_IsTheMiddleValuesBucket()
    {
        var histogram = new LatencyHistogram();
        histogram.Add([40, 10, 20], [1, 1, 1]);
        Assert.Equal(DailyStats.BucketSeconds(20), histogram.Median());
    }

    [Fact]
    public void Median_EvenTotal_AveragesTheTwoMiddleValuesBuckets()
    {
        var histogram = new LatencyHistogram();
        histogram.Add([10, 20, 30, 40], [1, 1, 1, 1]);
        Assert.Equal((DailyStats.BucketSeconds(20) + DailyStats.BucketSeconds(30)) / 2, histogram.Median());
    }

    [Fact]
    public void Median_MergesRepeatedBucketsAndOtherHistograms()
    {
        // 3 in bucket 5, then 2 + 2 in bucket 9: ranks 3 and 3 of 7 are bucket 9.
        var first = new LatencyHistogram();
        first.Add([9, 5], [2, 3]);
        var second = new LatencyHistogram();
        second.Add([9], [2]);
        first.Add(second);
        Assert.Equal(DailyStats.BucketSeconds(9), first.Median());

        // With 6 values (3 and 3), the middle two straddle the buckets.
        var straddling = new LatencyHistogram();
        straddling.Add([5, 9, 9], [3, 1, 2]);
        Assert.Equal((DailyStats.BucketSeconds(5) + DailyStats.BucketSeconds(9)) / 2, straddling.Median());
    }

    [Fact]
    public void Median_OfSecondsPlacedInTheirBuckets_IsWithinTheBucketWidthOfTheExactMedian()
    {
        double[] seconds = [0.8, 1.7, 2.2, 3.9, 4.1, 7.5, 12.0, 30.0];
        var histogram = new LatencyHistogram();
        histogram.Add([.. seconds.Select(s => (int)Math.Floor(Math.Log(s) * DailyStats.BucketsPerLogUnit))], [.. seconds.Select(_ => 1)]);
        var exact = (3.9 + 4.1) / 2;
        Assert.InRange(histogram.Median()!.Value, exact * 0.984, exact * 1.016);
    }
}
