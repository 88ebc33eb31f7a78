using System.Security.Cryptography;

namespace Notifications.AppHost;

internal static class BookingSample
{
    /// <summary>The app name the sample calls the API as (<c>ApiKeys:booking</c>).</summary>
    public const string AppName = "booking";

    /// <summary>
    /// What the sample may call: send and read its own messages, record consent. Nothing else (no consent export,
    /// no reports, no overrideOptIn).
    /// </summary>
    public const string Scopes = "messages:send,messages:read,consent:write";

    /// <summary>
    /// The booking-reminder sample (samples/BookingReminders) as the resource <c>booking</c>: a client app of the api
    /// through service discovery, calling it as the app <c>booking</c> in the program <c>default</c> with the few scopes
    /// it needs. Its API key is a secret parameter shared by both sides: <c>ApiKeys:booking</c> from the AppHost's
    /// configuration, otherwise a random key made at each start.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddBookingSample(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        var key = builder.AddParameter(
            "api-key-booking",
            builder.Configuration[$"ApiKeys:{AppName}"] ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            secret: true);
        api.WithEnvironment($"ApiKeys__{AppName}", key)
            .WithEnvironment($"Apps__{AppName}__Scopes", Scopes)
            .WithEnvironment($"Apps__{AppName}__Program", "default");

        // Waits for the api: the sample's first page load already reads message statuses from it.
        return builder.AddProject<Projects.BookingReminders>(AppName)
            .WithReference(api)
            .WaitFor(api)
            .WithEnvironment("Notifications__ApiKey", key)
            .WithHttpHealthCheck("/health")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Book an appointment")
            .WithOtlpTimeout();
    }
}
