using System.Globalization;
using System.Threading.Channels;

namespace Notifications.Simulator.Twilio;

/// <summary>
/// Plays each accepted message's lifecycle (sent, then its final status after realistic delays)
/// and posts the status callbacks exactly as Twilio does: form-encoded, signed with
/// <c>X-Twilio-Signature</c>, carrying <c>I-Twilio-Idempotency-Token</c>; optionally duplicated
/// or out of order.
/// </summary>
public sealed partial class StatusCallbackDispatcher(
    IHttpClientFactory httpClientFactory,
    TwilioBehaviour behaviour,
    Microsoft.Extensions.Options.IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<StatusCallbackDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "twilio-callbacks";

    private static readonly TimeSpan SchedulerTick = TimeSpan.FromMilliseconds(10);

    private readonly PriorityQueue<Action, long> _schedule = new();
    private readonly Lock _scheduleGate = new();
    private readonly Channel<PendingCallback> _queue = Channel.CreateUnbounded<PendingCallback>(new UnboundedChannelOptions { SingleWriter = false });
    private long _posted;
    private long _failed;

    public long Posted => Interlocked.Read(ref _posted);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Starts the message's lifecycle in the background.</summary>
    public void Start(SimulatedMessage message) => Schedule(behaviour.Current.SentDelay, () => OnSentDue(message));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Twilio.CallbackConcurrency)
            .Select(_ => PostLoopAsync(stoppingToken))
            .Append(SchedulerLoopAsync(stoppingToken)));

    private void OnSentDue(SimulatedMessage message)
    {
        var settings = behaviour.Current;
        var outcome = Scenarios.Outcome(message.To);
        switch (outcome.FinalStatus)
        {
            case "failed":
                Report(message, outcome.FinalStatus, outcome.ErrorCode, settings);
                break;
            case "sent":
                Report(message, "sent", null, settings);
                break;
            default:
                if (Random.Shared.NextDouble() < settings.OutOfOrderRate)
                {
                    // The final status reaches the service (and is answered) before "sent".
                    message.Transition("sent", null, time.GetUtcNow());
                    Schedule(settings.FinalDelay, () =>
                        Report(message, outcome.FinalStatus, outcome.ErrorCode, settings, onPosted: () => Enqueue(message, "sent", null, settings)));
                }
                else
                {
                    Report(message, "sent", null, settings, onPosted: () =>
                        Schedule(settings.FinalDelay, () => Report(message, outcome.FinalStatus, outcome.ErrorCode, settings)));
                }

                break;
        }
    }

    /// <summary>Records the status and queues its callback; <paramref name="onPosted"/> runs once it was posted.</summary>
    private void Report(SimulatedMessage message, string status, int? errorCode, TwilioBehaviourSettings settings, Action? onPosted = null)
    {
        message.Transition(status, errorCode, time.GetUtcNow());
        Enqueue(message, status, errorCode, settings, onPosted);
    }

    private void Enqueue(SimulatedMessage message, string status, int? errorCode, TwilioBehaviourSettings settings, Action? onPosted = null)
    {
        if (message.StatusCallback is null)
        {
            onPosted?.Invoke();
            return;
        }

        var callback = new PendingCallback(message, status, errorCode, Guid.NewGuid().ToString(), Duplicate: false, onPosted);
        _queue.Writer.TryWrite(callback);
        if (Random.Shared.NextDouble() < settings.DuplicateCallbackRate)
        {
            _queue.Writer.TryWrite(callback with { Duplicate = true, OnPosted = null });
        }
    }

    private void Schedule(TimeSpan delay, Action step)
    {
        var jitter = behaviour.Current.DelayJitter;
        var seconds = delay.TotalSeconds * (1 + (jitter * ((2 * Random.Shared.NextDouble()) - 1)));
        var due = time.GetTimestamp() + (long)(seconds * time.TimestampFrequency);
        lock (_scheduleGate)
        {
            _schedule.Enqueue(step, due);
        }
    }

    /// <summary>One timer for every pending lifecycle step, instead of a timer per message.</summary>
    private async Task SchedulerLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SchedulerTick, time);
        var due = new List<Action>();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetTimestamp();
                lock (_scheduleGate)
                {
                    while (_schedule.TryPeek(out var step, out var at) && at <= now)
                    {
                        _schedule.Dequeue();
                        due.Add(step);
                    }
                }

                foreach (var step in due)
                {
                    step();
                }

                due.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PostLoopAsync(CancellationToken stoppingToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            await foreach (var callback in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await PostAsync(client, callback, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PostAsync(HttpClient client, PendingCallback callback, CancellationToken cancellationToken)
    {
        var message = callback.Message;
        var url = message.StatusCallback!;
        var parameters = CallbackParameters(message, callback.Status, callback.ErrorCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(options.Value.Twilio.AuthToken, url, parameters));
        request.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", callback.IdempotencyToken);
        request.Headers.TryAddWithoutValidation("User-Agent", "TwilioProxy/1.1");

        int? httpStatus = null;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            httpStatus = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _failed);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            LogCallbackFailed(logger, message.Sid, callback.Status, ex.Message);
        }
        finally
        {
            Interlocked.Increment(ref _posted);
            message.AddCallback(new CallbackRecord(callback.Status, callback.ErrorCode, httpStatus, callback.Duplicate, time.GetUtcNow()));
            callback.OnPosted?.Invoke();
        }
    }

    private static List<KeyValuePair<string, string>> CallbackParameters(SimulatedMessage message, string status, int? errorCode)
    {
        var parameters = new List<KeyValuePair<string, string>>(12)
        {
            new("AccountSid", message.AccountSid),
            new("ApiVersion", TwilioMessageResource.ApiVersionValue),
            new("From", message.From ?? string.Empty),
            new("MessageSid", message.Sid),
            new("MessageStatus", status),
            new("SmsSid", message.Sid),
            new("SmsStatus", status),
            new("To", message.To),
        };
        if (message.MessagingServiceSid is not null)
        {
            parameters.Add(new("MessagingServiceSid", message.MessagingServiceSid));
        }

        if (errorCode is not null)
        {
            parameters.Add(new("ErrorCode", errorCode.Value.ToString(CultureInfo.InvariantCulture)));
        }

        if (status is "delivered" or "undelivered")
        {
            parameters.Add(new("RawDlrDoneDate", message.DateUpdated.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture)));
        }

        return parameters;
    }

    private sealed record PendingCallback(
        SimulatedMessage Message, string Status, int? ErrorCode, string IdempotencyToken, bool Duplicate, Action? OnPosted);

    [LoggerMessage(1, LogLevel.Warning, "Status callback for {MessageSid} ({Status}) could not be posted: {Reason}")]
    private static partial void LogCallbackFailed(ILogger logger, string messageSid, string status, string reason);
}
