namespace Notifications.IntegrationTests.Outages;

/// <summary>The stack with every log category at trace level and console scopes on: all a process can log.</summary>
public sealed class PrivacyProcesses : ServiceProcesses
{
    protected override IDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Logging__LogLevel__Default"] = "Trace",
        ["Logging__LogLevel__Microsoft"] = "Trace",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Trace",
        ["Logging__LogLevel__System.Net.Http"] = "Trace",
        ["Logging__Console__IncludeScopes"] = "true",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        ["Logging__Console__FormatterName"] = "simple",
    };
}
