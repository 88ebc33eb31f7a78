using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Benchmarks;

/// <summary>One message the chaos run sends: its own reference, number, body, maybe a fallback address, and whether its SMS is meant to fail.</summary>
internal sealed record ChaosMessage(int Index, string To, string Body, string? FallbackEmail, bool FallsBack)
{
    public string Reference => $"chaos-{Index}";

    /// <summary>The client's idempotency key: the same on every retry of this message.</summary>
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString("N");
}

/// <summary>
/// Sends messages at a steady rate, each as a careful client does: with its idempotency key, retrying a
/// 503, 409 (still in flight), 5xx or lost connection with the same key until the API answers 202.
/// </summary>
internal sealed class ChaosSender(HttpClient api)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

    /// <summary>Message index → the id the API answered.</summary>
    public ConcurrentDictionary<int, Guid> Accepted { get; } = new();

    /// <summary>Message index → why it was never accepted (a 4xx, or no 202 within five minutes of retries).</summary>
    public ConcurrentDictionary<int, string> Refused { get; } = new();

    public int Retries => _retries;

    public int Sent => _sent;

    private int _retries;
    private int _sent;

    public async Task SendAllAsync(IReadOnlyList<ChaosMessage> messages, TimeSpan over)
    {
        var requests = new List<Task>(messages.Count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages.Count; i++)
        {
            var due = over * i / messages.Count;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            requests.Add(SendOneAsync(messages[i]));
        }

        await Task.WhenAll(requests);
    }

    private async Task SendOneAsync(ChaosMessage message)
    {
        Interlocked.Increment(ref _sent);
        var payload = new { to = message.To, body = message.Body, fallbackEmail = message.FallbackEmail, reference = message.Reference };
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(500);
        var lastProblem = "";
        while (clock.Elapsed < GiveUpAfter)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative)) { Content = JsonContent.Create(payload) };
                request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
                using var response = await api.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                    Accepted[message.Index] = answer.GetProperty("id").GetGuid();
                    return;
                }

                var status = (int)response.StatusCode;
                if (status is not (409 or 429) && status < 500)
                {
                    Refused[message.Index] = $"{status}: {await response.Content.ReadAsStringAsync()}";
                    return;
                }

                lastProblem = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (response.Headers.RetryAfter?.Delta is { } retryAfter)
                {
                    delay = retryAfter;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                lastProblem = ex.GetType().Name;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
        }

        Refused[message.Index] = $"no 202 within {GiveUpAfter.TotalMinutes:N0} minutes of retries (last: {lastProblem})";
    }
}
