using Notifications.Core.Inbound;
using Notifications.Core.Messages;

namespace Notifications.Api.Webhooks;

/// <summary>Twilio's webhooks: signed, no API key.</summary>
public static class TwilioWebhooksApi
{
    public const string IdempotencyTokenHeader = "I-Twilio-Idempotency-Token";
    private const string TwimlContentType = "application/xml";

    public static IEndpointRouteBuilder MapTwilioWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/webhooks/twilio")
            .AllowAnonymous()
            .DisableAntiforgery()
            .AddEndpointFilter<TwilioSignatureFilter>()
            .WithTags("Webhooks");

        group.MapPost("/status", ReceiveStatus).WithName("TwilioStatus").WithSummary("Message status callbacks; a status only moves forward");
        group.MapPost("/inbound", ReceiveInbound).WithName("TwilioInbound").WithSummary("Inbound SMS: opt-out, opt-in and help keywords; answers TwiML");
        return endpoints;
    }

    public static async Task<IResult> ReceiveStatus(
        HttpRequest request, StatusCallbackBatcher callbacks, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString();
        if (sid.Length == 0 || status.Length == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [sid.Length == 0 ? "MessageSid" : "MessageStatus"] = ["Required in a status callback."],
            });
        }

        Guid? messageId = Guid.TryParse(request.Query["messageId"], out var id) ? id : null;
        int? errorCode = int.TryParse(form["ErrorCode"], System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
        var token = request.Headers[IdempotencyTokenHeader].ToString();
        await callbacks.SubmitAsync(new StatusCallback(messageId, sid, status, errorCode, token.Length == 0 ? null : token), cancellationToken);
        return Results.Ok();
    }

    public static async Task<IResult> ReceiveInbound(HttpRequest request, InboundMessageProcessor processor, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        var from = form["From"].ToString();
        if (sid.Length == 0 || from.Length == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [sid.Length == 0 ? "MessageSid" : "From"] = ["Required in an inbound-message webhook."],
            });
        }

        var token = request.Headers[IdempotencyTokenHeader].ToString();
        var reply = await processor.ProcessAsync(
            new InboundSms(sid, token.Length == 0 ? null : token, from, form["To"].ToString(), form["Body"].ToString()),
            cancellationToken);
        return Results.Content(reply, TwimlContentType);
    }
}
