using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Api.Webhooks;
using Notifications.Core.Hosting;
using Notifications.Core.Inbound;
using Notifications.Core.Messages;
using Notifications.Core.Twilio;

namespace Notifications.Api.Twilio;

/// <summary>Twilio's webhooks: signed, no API key.</summary>
public static class TwilioWebhooksApi
{
    public const string IdempotencyTokenHeader = "I-Twilio-Idempotency-Token";
    private const string TwimlContentType = "application/xml";
    private const string FormContentType = "application/x-www-form-urlencoded";

    public static IEndpointRouteBuilder MapTwilioWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/webhooks/twilio")
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithRequestBodyLimit(RequestBodyLimits.TwilioWebhooks)
            .AddEndpointFilter<TwilioSignatureFilter>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithTags("Webhooks");

        group.MapPost("/status", ReceiveStatus)
            .WithName("TwilioStatus")
            .WithSummary("Message status callbacks; a status only moves forward")
            .WithDescription("Posted by Twilio, signed with X-Twilio-Signature (a missing or bad signature is 403 and records nothing). "
                + "Callbacks arrive out of order and more than once; I-Twilio-Idempotency-Token identifies a retry. "
                + "messageId is the query parameter the worker appends to the status callback URL. "
                + "To is optional; when posted it must be a valid number in international form (400 naming it otherwise, nothing recorded).")
            .WithRequestBody<TwilioStatusCallbackForm>(FormContentType, "Twilio's status callback parameters.");
        group.MapPost("/inbound", ReceiveInbound)
            .WithName("TwilioInbound")
            .WithSummary("Inbound SMS: opt-out, opt-in and help keywords; answers TwiML")
            .WithDescription("Posted by Twilio, signed with X-Twilio-Signature (a missing or bad signature is 403 and records nothing). "
                + "An opt-out keyword takes effect for every later send within this request; the answer is TwiML with the reply, if any. "
                + "While the database is unreachable the message is held in Redis and replayed later (an opt-out takes effect at once); "
                + "only when Redis cannot hold it either is the answer 503. "
                + "From must be a valid number in international form, as the API checks numbers (400 naming it otherwise, nothing recorded).")
            .WithRequestBody<TwilioInboundMessageForm>(FormContentType, "Twilio's inbound-message parameters.")
            .Produces<string>(StatusCodes.Status200OK, TwimlContentType);
        return endpoints;
    }

    public static async Task<Results<Ok, ValidationProblem>> ReceiveStatus(
        HttpRequest request, [FromQuery] string? messageId, StatusCallbackBatcher callbacks, CancellationToken cancellationToken)
    {
        var form = TwilioStatusCallbackForm.Read(await request.ReadFormAsync(cancellationToken));
        var token = request.Headers[IdempotencyTokenHeader].ToString();
        var validation = new Validation();
        form.Validate(validation, token);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        Guid? id = Guid.TryParse(messageId, out var parsed) ? parsed : null;
        await callbacks.SubmitAsync(
            TwilioStatuses.Report(id, form.MessageSid, form.MessageStatus, form.ErrorCode, token.Length == 0 ? null : token), cancellationToken);
        return TypedResults.Ok();
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem>> ReceiveInbound(
        HttpRequest request, InboundMessageProcessor processor, HeldInboundMessages pending, TimeProvider time, CancellationToken cancellationToken)
    {
        var form = TwilioInboundMessageForm.Read(await request.ReadFormAsync(cancellationToken));
        var token = request.Headers[IdempotencyTokenHeader].ToString();
        var validation = new Validation();
        form.Validate(validation, token);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var sms = new InboundSms(form.MessageSid, token.Length == 0 ? null : token, form.From, form.To, form.Body);
        string reply;
        try
        {
            reply = await processor.ProcessAsync(sms, cancellationToken);
        }
        catch (Exception ex) when (DependencyFailures.IsDatabaseUnavailable(ex))
        {
            // Twilio does not post an inbound message again: hold it in Redis rather than lose a STOP. When Redis
            // cannot take it either, the database error stands (503).
            var answer = processor.Answer(sms);
            if (!await pending.TryHoldAsync(sms with { ReceivedAt = time.GetUtcNow() }, answer.OptOut ? answer.Phone : null, answer.Programs, cancellationToken))
            {
                throw;
            }

            reply = answer.Reply;
        }

        return TypedResults.Content(reply, TwimlContentType);
    }
}
