using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Notifications.Benchmarks;

/// <summary>A minimal HTTP endpoint that counts the callbacks posted to it.</summary>
internal sealed class CallbackSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _received;

    private CallbackSink(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public long Received => Interlocked.Read(ref _received);

    public static async Task<CallbackSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new CallbackSink(app);
        app.MapPost("/callbacks", () =>
        {
            Interlocked.Increment(ref sink._received);
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.Url = new Uri(new Uri(address), "/callbacks");
        return sink;
    }

    public void Reset() => Interlocked.Exchange(ref _received, 0);

    public async Task<long> WaitForAsync(long count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Received < count && clock.Elapsed < timeout)
        {
            await Task.Delay(20);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
