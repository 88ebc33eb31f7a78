using System.Reflection;
using Notifications.Client;

namespace Notifications.IntegrationTests.Client;

/// <summary>docs/configuration.md and the package README name every setting of the client's options.</summary>
public sealed class ClientConfigurationReferenceTests
{
    [Theory]
    [InlineData("docs/configuration.md")]
    [InlineData("src/Notifications.Client/README.md")]
    public void EveryClientSetting_IsNamed(string page)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, page));
        var missing = typeof(NotificationsClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => $"{NotificationsClientOptions.SectionName}:{p.Name}")
            .Where(key => !text.Contains($"`{key}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"settings not named in {page}: {string.Join(", ", missing)}");
    }
}
