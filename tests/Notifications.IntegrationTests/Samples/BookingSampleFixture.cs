using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.IntegrationTests.Samples;

/// <summary>
/// The booking-reminder sample (samples/BookingReminders) as a real process in front of the whole service as real
/// processes (api, worker, simulator, migrations run once) on the machine's PostgreSQL and Redis. The sample calls the
/// api as the app <c>booking</c> with the scopes the AppHost gives it; the tests call it as <c>tests</c> to read
/// consent evidence. The api, the worker and the sample read one clock offset file (<c>Testing:ClockOffsetFile</c>), so
/// a test moves all three a day ahead instead of waiting for a reminder.
/// </summary>
public sealed class BookingSampleFixture : IAsyncLifetime
{
    public const string BookingApiKey = "booking-sample-tests-key-01";
    public const string TestsApiKey = "booking-sample-tests-key-02";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "booking-sample-auth-token";

    private static int _next = Random.Shared.Next(0, 10_000);
    private readonly string _directory = RepositoryPaths.NewTempDirectory("notifications-booking");

    public LocalPostgres Postgres { get; private set; } = null!;

    public LocalRedis Redis { get; private set; } = null!;

    public ServiceProcess Api { get; private set; } = null!;

    public ServiceProcess Worker { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    public SampleProcess Sample { get; private set; } = null!;

    private string ClockFile => Path.Combine(_directory, "clock-offset");

    /// <summary>The offset every process's clock runs at.</summary>
    public TimeSpan Offset { get; private set; }

    /// <summary>The stack's time now.</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + Offset;

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync("booking-sample-tests", "notifications-booking");
        Redis = await LocalRedis.StartAsync();
        await using (var migrations = ServiceProcess.Start("Notifications.MigrationService", new Dictionary<string, string> { ["ConnectionStrings__notifications"] = Postgres.ConnectionString }))
        {
            Assert.True(await migrations.WaitForExitAsync() == 0, $"migrations failed:{Environment.NewLine}{migrations.Output}");
        }

        var apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var apiUrl = $"http://127.0.0.1:{apiPort}";
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var common = ServiceEnvironment.ForTestStack(Postgres.ConnectionString, Redis.Endpoint, apiUrl, simulatorUrl, AccountSid, AuthToken, "booking-sample-tests");
        common["Testing__ClockOffsetFile"] = ClockFile;

        Simulator = ServiceProcess.Start("Notifications.Simulator", new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.050",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.100",
            ["Simulator__SendGrid__ApiKey"] = "SG.booking-sample-tests",
        }, simulatorPort);
        Api = ServiceProcess.Start("Notifications.Api", new Dictionary<string, string>(common)
        {
            // As the AppHost configures the sample's app (Notifications.AppHost/BookingSample.cs).
            ["ApiKeys__booking"] = BookingApiKey,
            ["Apps__booking__Scopes"] = "messages:send,messages:read,consent:write",
            ["Apps__booking__Program"] = "default",
            ["ApiKeys__tests"] = TestsApiKey,
            ["Apps__tests__Scopes"] = Infrastructure.ApiFactory.AllScopes,
        }, apiPort);
        Worker = ServiceProcess.Start("Notifications.Worker", common);
        Sample = SampleProcess.Start("BookingReminders", new Dictionary<string, string>
        {
            // What the AppHost's WithReference(api) and the secret parameter give it.
            ["services__api__http__0"] = apiUrl,
            ["Notifications__ApiKey"] = BookingApiKey,
            ["Booking__DataFile"] = Path.Combine(_directory, "bookings.json"),
            ["Testing__ClockOffsetFile"] = ClockFile,
        });

        await Simulator.WaitHealthyAsync();
        await Api.WaitHealthyAsync();
        await Worker.WaitHealthyAsync();
        await Sample.WaitHealthyAsync();
    }

    /// <summary>Moves every process's clock to <paramref name="offset"/> from the real time; waits until they have read it (every 200 ms).</summary>
    public async Task SetOffsetAsync(TimeSpan offset)
    {
        Offset = offset;
        var temporary = ClockFile + ".tmp";
        await File.WriteAllTextAsync(temporary, offset.ToString("c", CultureInfo.InvariantCulture));
        File.Move(temporary, ClockFile, overwrite: true);
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>A valid New York mobile number, unique in the run.</summary>
    public static string Number()
    {
        var n = Interlocked.Increment(ref _next);
        return string.Create(CultureInfo.InvariantCulture, $"+1212{600 + (n % 300)}{n % 10_000:D4}");
    }

    /// <summary>A browser on the sample: keeps its cookies (the antiforgery cookie), follows redirects.</summary>
    public BookingBrowser Browser() => new(Sample.BaseUrl);

    /// <summary>The api as the app <c>tests</c> (same program as the sample: it sees the sample's consents).</summary>
    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestsApiKey);
        return client;
    }

    /// <summary>The creates the simulator accepted for <paramref name="to"/>.</summary>
    public async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = new HttpClient { BaseAddress = Simulator.BaseUrl };
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}&limit=100");
        return list.EnumerateArray().ToList();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new IAsyncDisposable?[] { Sample, Api, Worker, Simulator, Redis, Postgres })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        Directory.Delete(_directory, recursive: true);
    }
}
