using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Outages;

/// <summary>
/// Sends single messages from a few clients until stopped, as a well-behaved client does: a 503 is
/// retried after its Retry-After; anything else that is not 202 is recorded as a failure.
/// </summary>
public sealed class LoadSender(HttpClient api, int clients = 4)
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public ConcurrentBag<Guid> Accepted { get; } = [];

    /// <summary>503 answers seen, each with its Retry-After and content type.</summary>
    public ConcurrentBag<(TimeSpan? RetryAfter, string? ContentType)> Unavailable { get; } = [];

    public ConcurrentBag<string> Failures { get; } = [];

    public void Start() => _running = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)));

    /// <summary>Stops starting new messages; waits until those begun are accepted (or failed).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running!;
        _stop.Dispose();
    }

    private async Task ClientAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await SendOneAsync();
            await Task.Delay(50);
        }
    }

    private async Task SendOneAsync()
    {
        var message = new { to = TestNumbers.Delivered(), body = "Outage test", overrideOptIn = true };
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            HttpResponseMessage response;
            try
            {
                response = await api.PostAsJsonAsync("/api/messages", message);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Failures.Add($"no answer: {ex.Message}");
                return;
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Accepted:
                        Accepted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                        return;
                    case HttpStatusCode.ServiceUnavailable:
                        var retryAfter = response.Headers.RetryAfter?.Delta;
                        Unavailable.Add((retryAfter, response.Content.Headers.ContentType?.MediaType));
                        await Task.Delay(retryAfter ?? TimeSpan.FromSeconds(5));
                        continue;
                    default:
                        Failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        return;
                }
            }
        }

        Failures.Add("not accepted within 2 minutes of retries");
    }
}
