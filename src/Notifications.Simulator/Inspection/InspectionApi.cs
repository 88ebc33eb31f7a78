using Notifications.Simulator.SendGrid;
using Notifications.Simulator.Twilio;

namespace Notifications.Simulator.Inspection;

/// <summary>
/// What was sent, received and refused, for people and tests: lists (newest first, filterable), the page's overview,
/// reset, stats, switches.
/// </summary>
public static class InspectionApi
{
    private const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapInspectionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/simulator").WithTags("Simulator");
        group.MapGet("/messages", ListMessages);
        group.MapDelete("/messages", (MessageStore store) =>
        {
            store.Clear();
            return Results.NoContent();
        });
        group.MapGet("/emails", ListEmails);
        group.MapGet("/inbound", (RecentLog<InboundRecord> inbound, int? limit) =>
            Results.Json(inbound.NewestFirst().Take(Math.Clamp(limit ?? DefaultLimit, 1, RecentLog<InboundRecord>.Capacity)).ToList(), SimulatorJsonContext.Default.ListInboundRecord));
        group.MapDelete("/inbound", (RecentLog<InboundRecord> inbound) =>
        {
            inbound.Clear();
            return Results.NoContent();
        });
        group.MapGet("/rejected", (RecentLog<RejectedCreate> rejected, string? to, int? limit) =>
            Results.Json(
                rejected.NewestFirst()
                    .Where(r => string.IsNullOrEmpty(to) || r.To == to)
                    .Take(Math.Clamp(limit ?? DefaultLimit, 1, RecentLog<RejectedCreate>.Capacity))
                    .ToList(),
                SimulatorJsonContext.Default.ListRejectedCreate));
        group.MapDelete("/rejected", (RecentLog<RejectedCreate> rejected) =>
        {
            rejected.Clear();
            return Results.NoContent();
        });
        group.MapGet("/overview", (MessageStore messages, EmailStore emails, RecentLog<InboundRecord> inbound, RecentLog<RejectedCreate> rejected) =>
            Results.Json(Overview(messages, emails, inbound, rejected), SimulatorJsonContext.Default.SimulatorOverview));
        group.MapDelete("/emails", (EmailStore store) =>
        {
            store.Clear();
            return Results.NoContent();
        });
        group.MapGet("/stats", (MessageStore messages, EmailStore emails, StatusCallbackDispatcher callbacks, EventWebhookSender events, LookupCounter lookups) =>
            Results.Json(
                new SimulatorStats(messages.Count, emails.Count, callbacks.Posted, callbacks.Failed, events.Posted, lookups.Fetches, lookups.Lists, emails.Requests),
                SimulatorJsonContext.Default.SimulatorStats));
        group.MapGet("/twilio/behaviour", (TwilioBehaviour behaviour) =>
            Results.Json(behaviour.Current, SimulatorJsonContext.Default.TwilioBehaviourSettings));
        group.MapPut("/twilio/behaviour", UpdateBehaviour);
        group.MapGet("/sendgrid/public-key", (EventSigner signer) =>
            Results.Json(new PublicKeyView(signer.PublicKey), SimulatorJsonContext.Default.PublicKeyView));

        endpoints.MapGet("/", (MessageStore messages, EmailStore emails, RecentLog<InboundRecord> inbound, RecentLog<RejectedCreate> rejected) =>
            Results.Content(InspectionPage.Render(Overview(messages, emails, inbound, rejected)), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        return endpoints;
    }

    private static SimulatorOverview Overview(
        MessageStore messages, EmailStore emails, RecentLog<InboundRecord> inbound, RecentLog<RejectedCreate> rejected) => new(
        messages.Count, messages.NewestFirst().Take(DefaultLimit).Select(SentMessageView.Of).ToList(),
        emails.Count, emails.NewestFirst().Take(DefaultLimit).Select(SentEmailView.Of).ToList(),
        inbound.Total, inbound.NewestFirst().Take(DefaultLimit).ToList(),
        rejected.Total, rejected.NewestFirst().Take(DefaultLimit).ToList());

    private static IResult ListMessages(MessageStore store, string? to, string? status, int? limit) =>
        Results.Json(
            store.NewestFirst(string.IsNullOrEmpty(to) ? null : to)
                .Where(m => string.IsNullOrEmpty(status) || m.Status == status)
                .Take(Math.Clamp(limit ?? DefaultLimit, 1, 100_000))
                .Select(SentMessageView.Of)
                .ToList(),
            SimulatorJsonContext.Default.ListSentMessageView);

    private static IResult ListEmails(EmailStore store, string? to, int? limit) =>
        Results.Json(
            store.NewestFirst()
                .Where(e => string.IsNullOrEmpty(to) || e.To.Contains(to, StringComparer.OrdinalIgnoreCase))
                .Take(Math.Clamp(limit ?? DefaultLimit, 1, 100_000))
                .Select(SentEmailView.Of)
                .ToList(),
            SimulatorJsonContext.Default.ListSentEmailView);

    private static async Task<IResult> UpdateBehaviour(HttpContext http, TwilioBehaviour behaviour)
    {
        var settings = await http.Request.ReadFromJsonAsync(SimulatorJsonContext.Default.TwilioBehaviourSettings, http.RequestAborted);
        if (settings is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A behaviour object is required."] });
        }

        var errors = new Dictionary<string, string[]>();
        if (settings.DuplicateCallbackRate is < 0 or > 1)
        {
            errors["duplicateCallbackRate"] = ["Must be between 0 and 1."];
        }

        if (settings.OutOfOrderRate is < 0 or > 1)
        {
            errors["outOfOrderRate"] = ["Must be between 0 and 1."];
        }

        if (settings.ServerErrorRate is < 0 or > 1)
        {
            errors["serverErrorRate"] = ["Must be between 0 and 1."];
        }

        if (settings.TooManyRequestsRate is < 0 or > 1)
        {
            errors["tooManyRequestsRate"] = ["Must be between 0 and 1."];
        }

        if (settings.DroppedAnswerRate is < 0 or > 1)
        {
            errors["droppedAnswerRate"] = ["Must be between 0 and 1."];
        }

        if (settings.DelayJitter is < 0 or > 1)
        {
            errors["delayJitter"] = ["Must be between 0 and 1."];
        }

        if (settings.AnswerDelay < TimeSpan.Zero || settings.AnswerDelay > TimeSpan.FromHours(1))
        {
            errors["answerDelay"] = ["Must be between 00:00:00 and 01:00:00."];
        }

        if (settings.MaxCreatesPerSecond < 0)
        {
            errors["maxCreatesPerSecond"] = ["Must not be negative."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        behaviour.Current = settings;
        return Results.Json(settings, SimulatorJsonContext.Default.TwilioBehaviourSettings);
    }
}
