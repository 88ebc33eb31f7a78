using Twilio.TwiML;

namespace Notifications.Core.Twilio;

/// <summary>Twilio's markup for answering an inbound message.</summary>
public static class Twiml
{
    /// <summary>A response that replies <paramref name="text"/>; an empty response (no reply) when it is empty.</summary>
    public static string Reply(string text)
    {
        var response = new MessagingResponse();
        if (text.Length > 0)
        {
            response.Message(text);
        }

        return response.ToString();
    }
}
