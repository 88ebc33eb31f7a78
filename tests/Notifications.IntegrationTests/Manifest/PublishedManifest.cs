using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifications.IntegrationTests.Manifest;

/// <summary>
/// The Aspire manifest the AppHost writes with <c>--publisher manifest</c>, produced by running the built AppHost as a
/// process exactly as an operator would (<c>dotnet run --project Notifications.AppHost -- --publisher manifest ...</c>
/// runs the same program), with only the settings given (none from the environment or user secrets).
/// </summary>
internal sealed partial class PublishedManifest
{
    private static readonly string[] InheritedPrefixes = ["TWILIO_", "SENDGRID_", "PUBLIC_BASE_URL", "Scale__", "ApiKeys__", "Sms__", "Programs__", "HangfireDashboard__"];

    private PublishedManifest(string text, JsonElement resources)
    {
        Text = text;
        Resources = resources;
    }

    /// <summary>The manifest as written.</summary>
    public string Text { get; }

    /// <summary>The <c>resources</c> object.</summary>
    public JsonElement Resources { get; }

    public IEnumerable<string> Names => Resources.EnumerateObject().Select(r => r.Name);

    public static async Task<PublishedManifest> PublishAsync(params string[] settings)
    {
        var directory = RepositoryPaths.NewTempDirectory("notifications-manifest");
        try
        {
            var output = Path.Combine(directory, "aspire-manifest.json");
            var startInfo = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(AppHostAssembly())!,
            };
            startInfo.ArgumentList.Add(AppHostAssembly());
            foreach (var argument in new[] { "--publisher", "manifest", "--output-path", output }.Concat(settings))
            {
                startInfo.ArgumentList.Add(argument);
            }

            // Production, as a deployment pipeline runs it: no user secrets, and nothing from this machine's environment.
            startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
            startInfo.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            foreach (var key in startInfo.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            {
                startInfo.Environment.Remove(key);
            }

            using var process = Process.Start(startInfo)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(cts.Token);
            var log = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, $"the AppHost's manifest publisher exited with {process.ExitCode}:{System.Environment.NewLine}{log}");

            var text = await File.ReadAllTextAsync(output);
            using var document = JsonDocument.Parse(text);
            return new PublishedManifest(text, document.RootElement.GetProperty("resources").Clone());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public JsonElement Resource(string name)
    {
        Assert.True(Resources.TryGetProperty(name, out var resource), $"the manifest has no resource '{name}'; it has {string.Join(", ", Names)}");
        return resource;
    }

    /// <summary>The environment of a project resource, name to the value or expression written.</summary>
    public Dictionary<string, string> Environment(string name)
    {
        var resource = Resource(name);
        Assert.Equal("project.v0", resource.GetProperty("type").GetString());
        return resource.TryGetProperty("env", out var env)
            ? env.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
            : [];
    }

    /// <summary>Every resource an expression such as <c>{cache.connectionString}</c> or <c>{api.bindings.http.url}</c> names.</summary>
    public static IEnumerable<string> Referenced(string expression) =>
        Reference().Matches(expression).Select(m => m.Groups["resource"].Value);

    /// <summary>Whether <paramref name="value"/> is exactly one parameter's value, and that parameter is a secret input.</summary>
    public bool IsSecretParameter(string value)
    {
        var match = ParameterValue().Match(value);
        return match.Success
            && Resources.TryGetProperty(match.Groups["resource"].Value, out var parameter)
            && parameter.GetProperty("type").GetString() == "parameter.v0"
            && parameter.TryGetProperty("inputs", out var inputs)
            && inputs.GetProperty("value").TryGetProperty("secret", out var secret)
            && secret.GetBoolean();
    }

    private static string AppHostAssembly()
    {
        var outputFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryPaths.Root, "Notifications.AppHost", "bin", outputFolder.Parent!.Name, outputFolder.Name, "Notifications.AppHost.dll");
    }

    [GeneratedRegex(@"\{(?<resource>[a-z0-9-]+)\.(?:value|connectionString|bindings\.[a-z]+\.[a-zA-Z]+|inputs\.[a-z]+)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\{(?<resource>[a-z0-9-]+)\.value\}$")]
    private static partial Regex ParameterValue();
}
