namespace Notifications.Api.Auth;

/// <summary>
/// The scopes granted to each app, read from <c>Apps:&lt;app&gt;:Scopes</c> (comma list, for example
/// <c>Apps__reports__Scopes=messages:read,reports:read</c>). The default, for an app with no list, is
/// <see cref="AppScopes.Default"/>: every scope but <c>opt-in:override</c>.
/// </summary>
public sealed class AppScopeOptions
{
    public const string SectionName = "Apps";
    public const string ScopesKey = "Scopes";

    /// <summary>App name to its granted scopes, for the apps that configure a list.</summary>
    public Dictionary<string, IReadOnlyList<string>> Scopes { get; } = new(StringComparer.Ordinal);

    /// <summary>Names that are not scopes, as <c>(configuration key, value)</c>; start-up fails on any.</summary>
    public List<(string Key, string Value)> Unknown { get; } = [];

    /// <summary>The scopes of <paramref name="app"/>.</summary>
    public IReadOnlyList<string> For(string app) => Scopes.TryGetValue(app, out var scopes) ? scopes : AppScopes.Default;

    /// <summary>Parses a comma list; an empty list grants nothing.</summary>
    public void Set(string app, string list)
    {
        var scopes = new List<string>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (AppScopes.All.Contains(name, StringComparer.Ordinal))
            {
                scopes.Add(name);
            }
            else
            {
                Unknown.Add(($"{SectionName}:{app}:{ScopesKey}", name));
            }
        }

        Scopes[app] = scopes.Distinct(StringComparer.Ordinal).ToList();
    }
}
