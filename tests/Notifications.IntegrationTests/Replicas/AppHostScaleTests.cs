using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Notifications.IntegrationTests.Replicas;

/// <summary>How many api and worker processes the AppHost runs (<c>Scale:Api</c>, <c>Scale:Worker</c>), read from the graph it builds.</summary>
public sealed class AppHostScaleTests : IDisposable
{
    private readonly string _dataPath = RepositoryPaths.NewTempDirectory("notifications-apphost-scale");

    public void Dispose() => Directory.Delete(_dataPath, recursive: true);

    [Fact]
    public async Task Defaults_RunOneApiAndOneWorker_AndEveryOtherResourceOnce()
    {
        await using var builder = await CreateAsync();

        Assert.Equal(1, Replicas(builder, "api"));
        Assert.Equal(1, Replicas(builder, "worker"));
        Assert.All(new[] { "migrations", "simulator" }, name => Assert.Equal(1, Replicas(builder, name)));
    }

    [Fact]
    public async Task ScaleSettings_RunThatManyApisAndWorkers_MigrationsStillOnce()
    {
        await using var builder = await CreateAsync("Scale:Api=2", "Scale:Worker=3");

        Assert.Equal(2, Replicas(builder, "api"));
        Assert.Equal(3, Replicas(builder, "worker"));
        Assert.Equal(1, Replicas(builder, "migrations"));
    }

    [Theory]
    [InlineData("Scale:Api", "0")]
    [InlineData("Scale:Worker", "-1")]
    [InlineData("Scale:Worker", "two")]
    [InlineData("Scale:Api", "65")]
    public async Task ScaleSetting_OutOfRange_RefusesToStartNamingTheSetting(string key, string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => CreateAsync($"{key}={value}"));

        Assert.Contains($"{key} must be a whole number of replicas between 1 and 64 (was '{value}')", Messages(failure), StringComparison.Ordinal);
    }

    private Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] settings) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.Notifications_AppHost>(
            ["Infrastructure:Mode=local", $"Infrastructure:DataPath={_dataPath}", .. settings],
            (options, _) => options.DisableDashboard = true);

    private static int Replicas(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(r => r.Name == name).Annotations.OfType<ReplicaAnnotation>().SingleOrDefault()?.Replicas ?? 1;

    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" | ", messages);
    }
}
