namespace Notifications.Simulator.Twilio;

/// <summary>A page of the Message list, as Twilio's API returns it (serialised in snake_case).</summary>
public sealed record TwilioListResponse(
    int End,
    string FirstPageUri,
    string? NextPageUri,
    int Page,
    int PageSize,
    string? PreviousPageUri,
    int Start,
    string Uri,
    IReadOnlyList<TwilioMessageResource> Messages);
