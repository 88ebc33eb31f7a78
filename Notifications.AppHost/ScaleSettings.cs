using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Notifications.AppHost;

/// <summary>
/// How many processes of each scalable service the AppHost runs, read from its configuration:
/// <c>Scale:Api</c> api replicas and <c>Scale:Worker</c> worker replicas. The default value is 1 each;
/// a value that is not a whole number of at least 1 stops the AppHost naming the key. The migrations,
/// the simulator, PostgreSQL and Redis stay single (docs/deployment.md says why).
/// </summary>
internal sealed record ScaleSettings(int Api, int Worker)
{
    public const string ApiKey = "Scale:Api";
    public const string WorkerKey = "Scale:Worker";

    /// <summary>More replicas than this on one machine is a typing error, not a deployment.</summary>
    public const int MaxReplicas = 64;

    public static ScaleSettings From(IConfiguration configuration) =>
        new(Replicas(configuration, ApiKey), Replicas(configuration, WorkerKey));

    private static int Replicas(IConfiguration configuration, string key)
    {
        var configured = configuration[key];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return 1;
        }

        if (!int.TryParse(configured, NumberStyles.Integer, CultureInfo.InvariantCulture, out var replicas) || replicas is < 1 or > MaxReplicas)
        {
            throw new InvalidOperationException(
                $"{key} must be a whole number of replicas between 1 and {MaxReplicas.ToString(CultureInfo.InvariantCulture)} (was '{configured}').");
        }

        return replicas;
    }
}
