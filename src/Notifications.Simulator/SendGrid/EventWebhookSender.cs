using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Notifications.Simulator.SendGrid;

/// <summary>
/// Plays an email's events (processed, then delivered, bounce, dropped or deferred, chosen by the
/// recipient's address) and posts them, signed, to the configured event webhook.
/// </summary>
public sealed partial class EventWebhookSender(
    IHttpClientFactory httpClientFactory,
    EventSigner signer,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<EventWebhookSender> logger)
{
    public const string HttpClientName = "sendgrid-events";

    private long _posted;

    public long Posted => Interlocked.Read(ref _posted);

    public void Start(SimulatedEmail email) => _ = RunAsync(email);

    /// <summary>The events an address receives, in order (see the README's scenario table).</summary>
    public static IReadOnlyList<string> EventsFor(string address)
    {
        var local = address.Split('@')[0].ToLowerInvariant();
        return local switch
        {
            _ when local.StartsWith("bounce", StringComparison.Ordinal) => ["processed", "bounce"],
            _ when local.StartsWith("drop", StringComparison.Ordinal) => ["dropped"],
            _ when local.StartsWith("defer", StringComparison.Ordinal) => ["processed", "deferred", "delivered"],
            _ => ["processed", "delivered"],
        };
    }

    private async Task RunAsync(SimulatedEmail email)
    {
        var settings = options.Value.SendGrid;
        if (settings.EventWebhookUrl is null)
        {
            return;
        }

        var sequences = email.To.Select(address => (address, events: EventsFor(address))).ToList();
        var steps = sequences.Max(s => s.events.Count);
        for (var step = 0; step < steps; step++)
        {
            await Task.Delay(settings.EventDelay, time);
            var batch = new JsonArray();
            foreach (var (address, events) in sequences.Where(s => s.events.Count > step))
            {
                batch.Add(EventJson(email, address, events[step], step));
            }

            var duplicate = Random.Shared.NextDouble() < settings.DuplicateEventRate;
            await PostAsync(email, batch, settings.EventWebhookUrl, duplicate: false);
            if (duplicate)
            {
                await PostAsync(email, batch, settings.EventWebhookUrl, duplicate: true);
            }
        }
    }

    private JsonObject EventJson(SimulatedEmail email, string address, string eventName, int step)
    {
        var now = time.GetUtcNow();
        var json = new JsonObject
        {
            ["email"] = address,
            ["timestamp"] = now.ToUnixTimeSeconds(),
            ["smtp-id"] = $"<{email.MessageId}@simulator.sendgrid.net>",
            ["event"] = eventName,
            ["category"] = new JsonArray(),
            ["sg_event_id"] = NewId(),
            ["sg_message_id"] = $"{email.MessageId}.recvd-simulator-1-{step.ToString(CultureInfo.InvariantCulture)}",
        };
        switch (eventName)
        {
            case "bounce":
                json["type"] = "bounce";
                json["status"] = "5.1.1";
                json["reason"] = "550 5.1.1 The email account that you tried to reach does not exist.";
                break;
            case "dropped":
                json["reason"] = "Bounced Address";
                break;
            case "deferred":
                json["response"] = "400 Try again later";
                json["attempt"] = "1";
                break;
            case "delivered":
                json["response"] = "250 OK";
                break;
        }

        foreach (var (key, value) in email.CustomArgs)
        {
            json[key] = value;
        }

        return json;
    }

    private async Task PostAsync(SimulatedEmail email, JsonArray batch, Uri url, bool duplicate)
    {
        var body = batch.ToJsonString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(EventSigner.SignatureHeader, signer.Sign(timestamp, body));
        request.Headers.TryAddWithoutValidation(EventSigner.TimestampHeader, timestamp);

        int? status = null;
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            LogPostFailed(logger, email.MessageId, ex.Message);
        }

        Interlocked.Increment(ref _posted);
        foreach (var item in batch)
        {
            email.AddEvent(new EmailEventRecord(
                item!["event"]!.GetValue<string>(), item["email"]!.GetValue<string>(), item["sg_event_id"]!.GetValue<string>(),
                status, duplicate, time.GetUtcNow()));
        }
    }

    public static string NewId() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(1, LogLevel.Warning, "Event webhook post for email {MessageId} failed: {Reason}")]
    private static partial void LogPostFailed(ILogger logger, string messageId, string reason);
}
