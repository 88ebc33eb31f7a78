namespace Notifications.Api.Auth;

/// <summary>
/// The secrets of each calling app, configuration section <c>ApiKeys</c>: one key as
/// <c>ApiKeys__billing=&lt;secret&gt;</c>, and during a rotation a second one beside it as
/// <c>ApiKeys__billing__0</c> or <c>ApiKeys__billing__1</c>. An app has at most
/// <see cref="MaxKeysPerApp"/> keys; each is valid on its own.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";
    public const int MaxKeysPerApp = 2;
    public const int MinimumKeyLength = 16;

    /// <summary>App name to its secrets.</summary>
    public Dictionary<string, List<string>> Keys { get; } = new(StringComparer.Ordinal);
}
