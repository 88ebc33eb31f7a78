using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task AppHost_UnknownInfrastructureMode_FailsNamingTheSetting()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Notifications_AppHost>(
                ["Infrastructure:Mode=kubernetes"], (options, _) => options.DisableDashboard = true);
            await using var app = await builder.BuildAsync();
        });

        Assert.Contains("Infrastructure:Mode", Flatten(exception), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Notifications.Api", "ConnectionStrings:notifications")]
    [InlineData("Notifications.Worker", "ConnectionStrings:notifications")]
    [InlineData("Notifications.MigrationService", "ConnectionStrings:notifications")]
    public async Task Service_WithoutConnectionString_ExitsNamingTheSetting(string project, string setting)
    {
        var output = await RunOutsideAspireAsync(project, new Dictionary<string, string>());

        Assert.NotEqual(0, output.ExitCode);
        Assert.Contains(setting, output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithDatabaseButNoCache_ExitsNamingTheSetting()
    {
        var output = await RunOutsideAspireAsync("Notifications.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__notifications"] = "Host=127.0.0.1;Port=1;Database=notifications",
        });

        Assert.NotEqual(0, output.ExitCode);
        Assert.Contains("ConnectionStrings:cache", output.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reconciliation__BatchSize", "0", "Reconciliation:BatchSize")]
    [InlineData("Reconciliation__QueuedAfter", "00:00:01", "Reconciliation:QueuedAfter")]
    public async Task Worker_WithReconciliationOutOfRange_ExitsNamingTheSetting(string variable, string value, string setting)
    {
        var output = await RunOutsideAspireAsync("Notifications.Worker", new Dictionary<string, string>
        {
            ["ConnectionStrings__notifications"] = "Host=127.0.0.1;Port=1;Database=notifications",
            ["ConnectionStrings__cache"] = "127.0.0.1:1,abortConnect=false",
            ["TWILIO_ACCOUNT_SID"] = "ACtest",
            ["TWILIO_AUTH_TOKEN"] = "test-token",
            ["SENDGRID_API_KEY"] = "SG.test",
            ["SENDGRID_FROM_EMAIL"] = "notifications@example.com",
            [variable] = value,
        });

        Assert.NotEqual(0, output.ExitCode);
        Assert.Contains(setting, output.Text, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Text)> RunOutsideAspireAsync(string project, Dictionary<string, string> environment)
    {
        var assembly = RepositoryPaths.ProjectAssembly(project);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        startInfo.ArgumentList.Add(assembly);
        startInfo.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Flatten(Exception exception) =>
        exception.InnerException is null ? exception.Message : exception.Message + " " + Flatten(exception.InnerException);
}
