using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Client;

/// <summary>
/// A loopback HTTP proxy in front of the api that answers each request as scripted (<see cref="Then"/>): forward it, forward
/// it but answer 503 instead of the api's answer (as a gateway would after the api processed it), answer 429/500/503 itself,
/// or forward it and hold the answer back. Requests beyond the script are forwarded. It records every request it received.
/// </summary>
public sealed class ScriptedProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<ProxyStep> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private ScriptedProxy(WebApplication app, Uri upstream, int port)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromSeconds(60) };
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public Uri BaseUrl { get; }

    /// <summary>What it received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>Starts the proxy on <paramref name="port"/> (a free one when null), forwarding to <paramref name="upstream"/>.</summary>
    public static async Task<ScriptedProxy> StartAsync(Uri upstream, int? port = null)
    {
        var listen = port ?? LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{listen.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new ScriptedProxy(app, upstream, listen);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>Adds the answer to the next request not yet scripted.</summary>
    public ScriptedProxy Then(ProxyStep step)
    {
        _script.Enqueue(step);
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        _received.Enqueue(new ReceivedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers["Idempotency-Key"].ToString()));
        var step = _script.TryDequeue(out var next) ? next : ProxyStep.Forward;

        if (step.Kind is ProxyStepKind.Answer)
        {
            await AnswerAsync(context, step);
            return;
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (body.Length > 0)
        {
            forwarded.Content = new ByteArrayContent(body.ToArray());
            forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }

        foreach (var header in new[] { "Authorization", "Idempotency-Key", "Accept" })
        {
            if (context.Request.Headers.TryGetValue(header, out var value))
            {
                forwarded.Headers.TryAddWithoutValidation(header, value.ToString());
            }
        }

        using var response = await _upstream.SendAsync(forwarded);
        var content = await response.Content.ReadAsByteArrayAsync();
        if (step.Kind is ProxyStepKind.ForwardThenAnswer)
        {
            await AnswerAsync(context, step);
            return;
        }

        if (step.Delay > TimeSpan.Zero)
        {
            await Task.Delay(step.Delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }

        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        if (response.Headers.Location is { } location)
        {
            context.Response.Headers.Location = location.OriginalString;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString();
        }

        await context.Response.Body.WriteAsync(content);
    }

    private static async Task AnswerAsync(HttpContext context, ProxyStep step)
    {
        context.Response.StatusCode = step.Status;
        if (step.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync($$"""{"status":{{step.Status}},"title":"From the proxy"}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}

/// <summary>One request the proxy received.</summary>
public sealed record ReceivedRequest(string Method, string Path, string IdempotencyKey);

/// <summary>What the proxy does with a request.</summary>
public enum ProxyStepKind
{
    Forward,
    ForwardThenAnswer,
    Answer,
}

/// <summary>One scripted answer of <see cref="ScriptedProxy"/>.</summary>
public sealed record ProxyStep(ProxyStepKind Kind, int Status = 0, int? RetryAfterSeconds = null, TimeSpan Delay = default)
{
    public static readonly ProxyStep Forward = new(ProxyStepKind.Forward);

    /// <summary>Forwards to the api (which processes it) but answers <paramref name="status"/> instead of the api's answer.</summary>
    public static ProxyStep ForwardThenAnswer(int status) => new(ProxyStepKind.ForwardThenAnswer, status);

    /// <summary>Answers <paramref name="status"/> without forwarding (with <c>Retry-After</c> when given).</summary>
    public static ProxyStep Answer(int status, int? retryAfterSeconds = null) => new(ProxyStepKind.Answer, status, retryAfterSeconds);

    /// <summary>Forwards and holds the api's answer back for <paramref name="delay"/>.</summary>
    public static ProxyStep ForwardSlowly(TimeSpan delay) => new(ProxyStepKind.Forward, Delay: delay);
}
