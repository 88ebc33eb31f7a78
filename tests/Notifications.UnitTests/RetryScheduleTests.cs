using Notifications.Worker.Dispatch;

namespace Notifications.UnitTests;

/// <summary>The retry budget's arithmetic: exponential ceilings with a cap, full jitter, and the deadline from acceptance.</summary>
public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset AcceptedAt = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly DispatchOptions Defaults = new();

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 300)]
    [InlineData(40, 300)]
    public void BackoffCeiling_DoublesPerAttempt_UpToTheMaximum(int attempt, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.BackoffCeiling(attempt, Defaults));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 60)]
    [InlineData(0.999, 119.88)]
    public void NextTry_DrawsUniformlyBelowTheCeiling(double random, double seconds)
    {
        var now = AcceptedAt.AddMinutes(2);

        Assert.Equal(now + TimeSpan.FromSeconds(seconds), RetrySchedule.NextTry(Message(), 3, Defaults, now, random));
    }

    [Fact]
    public void NextTry_NearTheDeadline_IsDueNoLaterThanIt()
    {
        var now = AcceptedAt + Defaults.RetryBudget - TimeSpan.FromSeconds(10);

        Assert.Equal(AcceptedAt + Defaults.RetryBudget, RetrySchedule.NextTry(Message(), 8, Defaults, now, 0.9));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3600)]
    public void NextTry_OnceTheBudgetIsSpent_IsNone(int secondsPast)
    {
        var now = AcceptedAt + Defaults.RetryBudget + TimeSpan.FromSeconds(secondsPast);

        Assert.Null(RetrySchedule.NextTry(Message(), 2, Defaults, now, 0.5));
    }

    [Fact]
    public void Deadline_IsTheBudgetAfterAcceptance_NotAfterTheLastTry()
    {
        var options = new DispatchOptions { RetryBudget = TimeSpan.FromMinutes(10) };

        Assert.Equal(AcceptedAt.AddMinutes(10), RetrySchedule.Deadline(Message() with { HandedOverAt = AcceptedAt.AddMinutes(9) }, options));
    }

    [Fact]
    public void NextTry_ManyAttemptsWithinTheBudget_NeverFailsBeforeTheDeadline()
    {
        // A storm answering 429 to every try: the message is tried again and again until the deadline, however many tries that takes.
        var now = AcceptedAt;
        var attempt = 1;
        while (RetrySchedule.NextTry(Message(), attempt, Defaults, now, 0.75) is { } due)
        {
            Assert.True(due > now || due == AcceptedAt + Defaults.RetryBudget);
            now = due == now ? now + TimeSpan.FromSeconds(1) : due;
            attempt++;
        }

        Assert.True(now >= AcceptedAt + Defaults.RetryBudget);
        Assert.InRange(attempt, 10, 40);
    }

    private static BatchMessage Message() =>
        new(Guid.NewGuid(), "+15550001111", "US", "body", "transactional", false, null, 1, null, null, null, AcceptedAt, "default");
}
