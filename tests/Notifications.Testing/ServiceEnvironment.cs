namespace Notifications.Testing;

/// <summary>The settings the api and worker need to run against a PostgreSQL, a Redis and the simulator, as processes outside Aspire.</summary>
public static class ServiceEnvironment
{
    /// <summary>The fixed sender the simulator accepts.</summary>
    public const string FromNumber = "+15005550006";

    /// <summary>
    /// Send windows open all day and no frequency cap: a test stack runs at any hour of the day, and a marketing message
    /// must not wait for 08:00 somewhere because the suite happened to run at night. The send windows' and caps' own
    /// tests keep the defaults and move the stack's clock instead.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AnyHour = new Dictionary<string, string>
    {
        ["SendWindows__Start"] = "00:00",
        ["SendWindows__End"] = "23:59:59.9999999",
        ["SendWindows__States__FL__End"] = "23:59:59.9999999",
        ["SendWindows__States__OK__End"] = "23:59:59.9999999",
        ["SendWindows__States__MD__End"] = "23:59:59.9999999",
        ["FrequencyCaps__marketing__Count"] = "0",
    };

    /// <param name="database">Npgsql connection string.</param>
    /// <param name="cache">StackExchange.Redis configuration string.</param>
    /// <param name="apiUrl">Where the api listens (status callbacks and signatures use it).</param>
    /// <param name="simulatorUrl">Where the simulator listens (Twilio's and SendGrid's API).</param>
    /// <param name="accountSid">The simulator's Twilio account SID.</param>
    /// <param name="authToken">The simulator's Twilio auth token.</param>
    /// <param name="name">Names the SendGrid key and sender address.</param>
    public static Dictionary<string, string> ForStack(
        string database, string cache, string apiUrl, string simulatorUrl, string accountSid, string authToken, string name) => new()
    {
        ["ConnectionStrings__notifications"] = database,
        ["ConnectionStrings__cache"] = cache,
        ["TWILIO_ACCOUNT_SID"] = accountSid,
        ["TWILIO_AUTH_TOKEN"] = authToken,
        ["TWILIO_API_BASE_URL"] = simulatorUrl,
        ["TWILIO_FROM_NUMBER"] = FromNumber,
        ["TWILIO_STATUS_CALLBACK_URL"] = $"{apiUrl}/api/webhooks/twilio/status",
        ["PUBLIC_BASE_URL"] = apiUrl,
        ["SENDGRID_API_KEY"] = $"SG.{name}",
        ["SENDGRID_FROM_EMAIL"] = $"{name}@example.com",
        ["SENDGRID_API_BASE_URL"] = simulatorUrl,
    };

    /// <summary><see cref="ForStack"/> for a test stack: with <see cref="AnyHour"/>.</summary>
    public static Dictionary<string, string> ForTestStack(
        string database, string cache, string apiUrl, string simulatorUrl, string accountSid, string authToken, string name) =>
        ForStack(database, cache, apiUrl, simulatorUrl, accountSid, authToken, name).Concat(AnyHour).ToDictionary();
}
