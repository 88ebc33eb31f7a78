namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// Destination numbers unique within a test run, so tests sharing a simulator or database never
/// see each other's messages. Scenario numbers use the simulator's fictional 555 exchange.
/// </summary>
public static class TestNumbers
{
    private static int _next = Random.Shared.Next(0, 100_000);

    /// <summary>A valid US number outside the fictional 555 exchange: the simulator delivers it.</summary>
    public static string Delivered()
    {
        var n = Interlocked.Increment(ref _next);
        return $"+1{AreaCode(n)}{600 + (n % 300)}{n % 10_000:D4}";
    }

    /// <summary>A number in the fictional range whose last four digits select a simulator scenario.</summary>
    public static string Scenario(string lastFour) => $"+1{AreaCode(Interlocked.Increment(ref _next))}555{lastFour}";

    private static string AreaCode(int n) => (201 + (n % 780)).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}
