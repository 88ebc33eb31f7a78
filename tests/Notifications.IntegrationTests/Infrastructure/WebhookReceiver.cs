using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>A real HTTP listener on loopback that records every request posted to it.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What the receiver answers on <c>/inbound</c>.</summary>
    public string InboundResponse { get; set; } = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Map("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._requests.Enqueue(new ReceivedRequest(http.Request.Path, headers, body, DateTimeOffset.UtcNow));
            return http.Request.Path.StartsWithSegments("/inbound")
                ? Results.Content(receiver.InboundResponse, "application/xml")
                : Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address);
        return receiver;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Waits until <paramref name="count"/> requests match, or fails after the timeout.</summary>
    public Task<List<ReceivedRequest>> WaitForAsync(Func<ReceivedRequest, bool> match, int count, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            () => Task.FromResult(_requests.Where(match).ToList()),
            matching => matching.Count >= count,
            $"{count} matching webhook requests",
            timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt)
{
    public Dictionary<string, string> Form =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
}
