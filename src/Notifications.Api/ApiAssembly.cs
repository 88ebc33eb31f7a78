namespace Notifications.Api;

/// <summary>Names this assembly for hosts that start the API in process (WebApplicationFactory).</summary>
public sealed class ApiAssembly;
