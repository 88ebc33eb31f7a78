using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.SendWindows;

/// <summary>
/// The whole stack with two workers whose clock (and the API's) the tests move: both read their offset from one file
/// (<c>Testing:ClockOffsetFile</c>, honoured in Development only), so a test can put the stack at 23:00 in New York
/// and later at 07:59:57 without waiting for real hours. The poll interval is long, so that only the dispatcher's
/// wake-up at the next due time can send a scheduled message on time. The send-window rules keep their defaults.
/// </summary>
public sealed class SendWindowsFixture : AppHostFixture
{
    public const string ApiKey = "send-windows-tests-key-01";

    private static int _next = Random.Shared.Next(0, 10_000);
    private readonly string _clockDirectory = RepositoryPaths.NewTempDirectory("notifications-clock");

    private string ClockFile => Path.Combine(_clockDirectory, "offset");

    /// <summary>These tests are about the defaults: they move the stack's clock instead.</summary>
    protected override bool KeepsDefaultSendWindows => true;

    /// <summary>The offset the stack's clock runs at.</summary>
    public TimeSpan Offset { get; private set; }

    /// <summary>The stack's time now, in whole milliseconds (PostgreSQL keeps microseconds: a time sent comes back equal).</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = DateTimeOffset.UtcNow + Offset;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        }
    }

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("ApiKeys__tests", ApiKey)
            .WithEnvironment("Apps__tests__Scopes", ApiFactory.AllScopes)
            .WithEnvironment("Testing__ClockOffsetFile", ClockFile);
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithReplicas(2)
            .WithEnvironment("Testing__ClockOffsetFile", ClockFile)
            .WithEnvironment("Dispatch__PollInterval", "00:00:30")
            .WithEnvironment("Sms__Senders__default__MessagesPerSecond", "500");
        builder.CreateResourceBuilder<ProjectResource>("simulator")
            .WithEnvironment("Simulator__Twilio__SentDelay", "00:00:00.050")
            .WithEnvironment("Simulator__Twilio__FinalDelay", "00:00:00.100");
    }

    /// <summary>Sets the stack's clock to <paramref name="now"/> and waits until both processes have read it (they re-read every 200 ms).</summary>
    public async Task SetClockAsync(DateTimeOffset now)
    {
        Offset = now - DateTimeOffset.UtcNow;
        var temporary = ClockFile + ".tmp";
        await File.WriteAllTextAsync(temporary, Offset.ToString("c", CultureInfo.InvariantCulture));
        File.Move(temporary, ClockFile, overwrite: true);
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>A valid number in <paramref name="areaCode"/>, unique in the run.</summary>
    public static string Number(int areaCode)
    {
        var n = Interlocked.Increment(ref _next);
        return string.Create(CultureInfo.InvariantCulture, $"+1{areaCode}{600 + (n % 300)}{n % 10_000:D4}");
    }

    public HttpClient Api()
    {
        var client = App.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>Records a marketing opt-in for <paramref name="phone"/>, with the recipient's time zone if given.</summary>
    public async Task<HttpResponseMessage> ConsentAsync(string phone, string? timeZone = null)
    {
        using var client = Api();
        return await client.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "marketing", source = "web-form", sourceUrl = "https://shop.example.com/signup",
            optInMessage = "Yes, text me offers. Msg & data rates may apply.", capturedAt = Now.AddMinutes(-1), timeZone,
        });
    }

    /// <summary>Sends one message; asserts the 202 says <c>accepted</c>; returns its id.</summary>
    public async Task<Guid> SendAsync(object message)
    {
        using var client = Api();
        var response = await client.PostAsJsonAsync("/api/messages", message);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        return accepted.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> MessageAsync(Guid id)
    {
        using var client = Api();
        return await client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
    }

    /// <summary>Waits until the message's status is one of <paramref name="statuses"/>; returns the message.</summary>
    public Task<JsonElement> WaitForStatusAsync(Guid id, TimeSpan patience, params string[] statuses) =>
        Eventually.UntilAsync(() => MessageAsync(id), m => statuses.Contains(m.GetProperty("status").GetString()),
            $"message {id} to be {string.Join(" or ", statuses)}", patience, TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// Waits until the message was handed to Twilio and its SID recorded (the <c>handed_over</c> timeline entry, which
    /// may be written after the simulator's first status callbacks); returns the message.
    /// </summary>
    public Task<JsonElement> WaitForHandOverAsync(Guid id, TimeSpan patience) =>
        Eventually.UntilAsync(() => MessageAsync(id),
            m => m.GetProperty("timeline").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "handed_over"),
            $"message {id} to be handed to Twilio", patience, TimeSpan.FromMilliseconds(100));

    /// <summary>When the dispatcher claimed the message for its (last) batch, as the database has it.</summary>
    public async Task<DateTimeOffset> ClaimedAtAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(await App.GetConnectionStringAsync("notifications"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT claimed_at FROM messages WHERE id = $1", connection) { Parameters = { new() { Value = id } } };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"message {id} not found");
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <summary>The creates the simulator accepted for <paramref name="to"/>.</summary>
    public async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = App.CreateHttpClient("simulator");
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}&limit=1000");
        return list.EnumerateArray().ToList();
    }

    /// <summary>The emails the simulator accepted for <paramref name="to"/>.</summary>
    public async Task<List<JsonElement>> SimulatorEmailsAsync(string to)
    {
        using var simulator = App.CreateHttpClient("simulator");
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/emails?to={Uri.EscapeDataString(to)}&limit=1000");
        return list.EnumerateArray().ToList();
    }
}

/// <summary>The send-window tests share one stack and move its clock, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SendWindowsDefinition : ICollectionFixture<SendWindowsFixture>
{
    public const string Name = "SendWindows";
}
