using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Notifications.Simulator.SendGrid;

/// <summary>SendGrid's <c>POST /v3/mail/send</c>: Bearer key, payload validation, 202 with <c>X-Message-Id</c>.</summary>
public static class MailSendApi
{
    private const string Help = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html";

    public static IEndpointRouteBuilder MapMailSendApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v3/mail/send", Send).WithTags("SendGrid");
        return endpoints;
    }

    private static async Task<IResult> Send(
        HttpContext http,
        IOptions<SimulatorOptions> options,
        EmailStore store,
        EventWebhookSender events,
        TimeProvider time)
    {
        if (!IsAuthorized(http.Request.Headers.Authorization.ToString(), options.Value.SendGrid.ApiKey))
        {
            return new SendGridErrors([new SendGridError("The provided authorization grant is invalid, expired, or revoked", null, null)]).ToResult(401);
        }

        store.Received();

        if (options.Value.SendGrid.AddedLatency > TimeSpan.Zero)
        {
            await Task.Delay(options.Value.SendGrid.AddedLatency, time, http.RequestAborted);
        }

        JsonNode? payload;
        try
        {
            payload = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return Single("Bad Request", null, $"{Help}#-Request-Body-Parameters");
        }

        if (payload is not JsonObject mail)
        {
            return Single("Bad Request", null, $"{Help}#-Request-Body-Parameters");
        }

        var errors = Validate(mail, out var recipients);
        if (errors.Count > 0)
        {
            return new SendGridErrors(errors).ToResult(400);
        }

        var personalization = mail["personalizations"]![0]!.AsObject();
        var email = new SimulatedEmail
        {
            MessageId = EventWebhookSender.NewId(),
            To = recipients,
            From = mail["from"]!["email"]!.GetValue<string>(),
            Subject = (string?)personalization["subject"] ?? (string?)mail["subject"] ?? string.Empty,
            Text = mail["content"]?.AsArray().Select(c => (string?)c?["value"]).FirstOrDefault(),
            CustomArgs = ReadCustomArgs(mail, personalization),
            CreatedAt = time.GetUtcNow(),
        };
        store.Add(email);
        events.Start(email);

        http.Response.Headers["X-Message-Id"] = email.MessageId;
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static List<SendGridError> Validate(JsonObject mail, out List<string> recipients)
    {
        var errors = new List<SendGridError>();
        recipients = [];
        var hasTemplate = !string.IsNullOrEmpty((string?)mail["template_id"]);

        if (mail["personalizations"] is not JsonArray { Count: > 0 } personalizations)
        {
            errors.Add(new("The personalizations field is required and must have at least one personalization.",
                "personalizations", $"{Help}#-Personalizations-Errors"));
        }
        else
        {
            for (var i = 0; i < personalizations.Count; i++)
            {
                if (personalizations[i]?["to"] is not JsonArray { Count: > 0 } to)
                {
                    errors.Add(new("The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
                        $"personalizations.{i}.to", $"{Help}#message.personalizations.to"));
                    continue;
                }

                for (var j = 0; j < to.Count; j++)
                {
                    var address = (string?)to[j]?["email"];
                    if (!IsEmail(address))
                    {
                        errors.Add(new("Does not contain a valid address.", $"personalizations.{i}.to.{j}.email", $"{Help}#message.personalizations.to"));
                    }
                    else
                    {
                        recipients.Add(address!);
                    }
                }

                if (!hasTemplate && string.IsNullOrEmpty((string?)mail["subject"]) && string.IsNullOrEmpty((string?)personalizations[i]?["subject"]))
                {
                    errors.Add(new("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
                        "subject", $"{Help}#message.subject"));
                }
            }
        }

        if (!IsEmail((string?)mail["from"]?["email"]))
        {
            errors.Add(new("The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.",
                "from.email", $"{Help}#message.from"));
        }

        if (!hasTemplate && (mail["content"] is not JsonArray { Count: > 0 } content
            || content.Any(c => string.IsNullOrEmpty((string?)c?["type"]) || string.IsNullOrEmpty((string?)c?["value"]))))
        {
            errors.Add(new("Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.",
                "content", $"{Help}#message.content"));
        }

        return errors;
    }

    private static Dictionary<string, string> ReadCustomArgs(JsonObject mail, JsonObject personalization)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { mail["custom_args"], personalization["custom_args"] })
        {
            if (source is JsonObject values)
            {
                foreach (var (key, value) in values)
                {
                    args[key] = value?.ToString() ?? string.Empty;
                }
            }
        }

        return args;
    }

    private static bool IsEmail(string? value) => !string.IsNullOrWhiteSpace(value) && MailAddress.TryCreate(value, out _);

    private static bool IsAuthorized(string header, string apiKey) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(apiKey));

    private static IResult Single(string message, string? field, string help) =>
        new SendGridErrors([new SendGridError(message, field, help)]).ToResult(400);
}
