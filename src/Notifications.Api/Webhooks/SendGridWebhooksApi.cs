using System.Text.Json;
using Notifications.Core.Messages;

namespace Notifications.Api.Webhooks;

/// <summary>SendGrid's event webhook: maps delivered, bounce, dropped and deferred onto a message's fallback.</summary>
public static class SendGridWebhooksApi
{
    public static IEndpointRouteBuilder MapSendGridWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/webhooks/sendgrid/events", ReceiveEvents)
            .AllowAnonymous()
            .DisableAntiforgery()
            .AddEndpointFilter<SendGridSignatureFilter>()
            .WithTags("Webhooks")
            .WithName("SendGridEvents")
            .WithSummary("Email events for fallback emails; duplicates by sg_event_id are ignored");
        return endpoints;
    }

    public static async Task<IResult> ReceiveEvents(HttpContext http, FallbackEventProcessor processor, CancellationToken cancellationToken)
    {
        var body = (byte[])http.Items[SendGridSignatureFilter.RawBodyItem]!;
        List<EmailEvent> events;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Expected a JSON array of events."] });
            }

            events = document.RootElement.EnumerateArray().Select(EmailEvent.From).Where(e => e is not null).Select(e => e!).ToList();
        }
        catch (JsonException)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Not valid JSON."] });
        }

        foreach (var emailEvent in events)
        {
            await processor.ApplyAsync(emailEvent, cancellationToken);
        }

        return Results.Ok();
    }
}
