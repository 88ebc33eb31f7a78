using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Core.Email;
using Notifications.Core.Messages;
using Notifications.Core.SendGrid;

namespace Notifications.Api.SendGrid;

/// <summary>
/// SendGrid's event webhook: maps delivered, bounce, dropped and deferred onto a message's fallback, and records
/// unsubscribes, spam reports and resubscribes in the email suppression list (<see cref="EmailSuppressionStore"/>).
/// </summary>
public static class SendGridWebhooksApi
{
    public static IEndpointRouteBuilder MapSendGridWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/webhooks/sendgrid/events", ReceiveEvents)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithRequestBodyLimit(RequestBodyLimits.SendGridEvents)
            .AddEndpointFilter<SendGridSignatureFilter>()
            .WithTags("Webhooks")
            .WithName("SendGridEvents")
            .WithSummary("Email events for fallback emails; duplicates by sg_event_id are ignored")
            .WithDescription("Posted by SendGrid's event webhook. Maps delivered, bounce, dropped and deferred onto the message's fallback status. "
                + "unsubscribe, group_unsubscribe and spamreport withhold later fallback emails to the address for the program of the message "
                + "the event belongs to (every program when it matches none); group_resubscribe lifts that; the event's timestamp decides, "
                + "so an older event arriving late changes nothing. "
                + "When SENDGRID_WEBHOOK_PUBLIC_KEY is set, a post without a valid ECDSA signature "
                + "(X-Twilio-Email-Event-Webhook-Signature over the timestamp and the raw body) is 403 and records nothing; "
                + "without the key, unsigned posts are refused outside Development unless SendGrid:AllowUnsignedEvents is true. "
                + "A post of the wrong shape (not an array of objects, a field of the wrong type or too long) is 400 and records nothing.")
            .WithRequestBody<IReadOnlyList<SendGridEventPayload>>("application/json", "A JSON array of SendGrid events.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return endpoints;
    }

    public static async Task<Results<Ok, ValidationProblem>> ReceiveEvents(
        HttpContext http, FallbackEventProcessor processor, EmailSuppressionStore suppressions, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = (byte[])http.Items[SendGridSignatureFilter.RawBodyItem]!;
        var receivedAt = time.GetUtcNow();
        List<(EmailEvent? Event, EmailPreference? Preference)> events;
        try
        {
            using var document = JsonDocument.Parse(body);
            var validation = new Validation();
            SendGridEventValidator.Validate(document.RootElement, validation);
            if (!validation.IsValid)
            {
                return TypedResults.ValidationProblem(validation.Errors);
            }

            events = document.RootElement.EnumerateArray()
                .Select(e => (SendGridEvents.Parse(e), SendGridEvents.Preference(e, receivedAt)))
                .Where(e => e.Item1 is not null || e.Item2 is not null)
                .ToList();
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Not valid JSON."] });
        }

        foreach (var (emailEvent, preference) in events)
        {
            // The suppression first: it is idempotent, so a post retried after a failure in between loses nothing.
            if (preference is not null)
            {
                await suppressions.ApplyAsync(preference, cancellationToken);
            }

            if (emailEvent is not null)
            {
                await processor.ApplyAsync(emailEvent, cancellationToken);
            }
        }

        return TypedResults.Ok();
    }
}
