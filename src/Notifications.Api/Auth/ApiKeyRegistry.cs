using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Auth;

/// <summary>
/// The configured keys, hashed once. Every key is compared (no early exit), each in constant time, so
/// the time taken says nothing about which key or how much of it matched.
/// </summary>
internal sealed class ApiKeyRegistry
{
    private readonly (string App, byte[] Digest)[] _keys;

    public ApiKeyRegistry(IOptions<ApiKeyOptions> options) =>
        _keys = options.Value.Keys.SelectMany(app => app.Value.Select(key => (app.Key, Digest(key)))).ToArray();

    public string? FindApp(string presented)
    {
        var digest = Digest(presented);
        string? match = null;
        foreach (var (app, expected) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                match = app;
            }
        }

        return match;
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
