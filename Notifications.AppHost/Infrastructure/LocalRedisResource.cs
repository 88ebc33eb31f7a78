namespace Notifications.AppHost.Infrastructure;

/// <summary>The machine's own <c>redis-server</c>, run as an executable resource.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password, int port)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)},password={Password}");
}
