namespace Notifications.Api.Auth;

/// <summary>One secret per calling app, configuration section <c>ApiKeys</c> (<c>ApiKeys__billing=&lt;secret&gt;</c>).</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    /// <summary>App name to secret.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);
}
