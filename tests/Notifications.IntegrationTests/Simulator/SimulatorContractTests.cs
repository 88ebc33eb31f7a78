using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Simulator;

/// <summary>The simulator's Twilio responses against Twilio's own OpenAPI description.</summary>
public sealed class SimulatorContractTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string MessagesPath = "/2010-04-01/Accounts/{AccountSid}/Messages.json";
    private const string MessagePath = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json";

    private static readonly OpenApiSchemaValidator Spec =
        OpenApiSchemaValidator.Load(Path.Combine(AppContext.BaseDirectory, "Contracts", "twilio_api_v2010.json"));

    [Fact]
    public async Task CreateMessage_201Body_MatchesSchema()
    {
        var (status, body) = await CreateAsync(TestNumbers.Delivered());

        Assert.Equal(HttpStatusCode.Created, status);
        AssertMatches(body, Spec.ResponseSchema(MessagesPath, "post", "201"));
    }

    [Fact]
    public async Task FetchMessage_200Body_MatchesSchema_AfterDelivery()
    {
        var (_, created) = await CreateAsync(TestNumbers.Delivered());
        var sid = created.GetProperty("sid").GetString();
        var path = $"/2010-04-01/Accounts/{SimulatorFixture.AccountSid}/Messages/{sid}.json";

        var (status, body) = await Eventually.UntilAsync(() => SendAsync(HttpMethod.Get, path),
            r => r.Item2.GetProperty("status").GetString() == "delivered", $"{sid} delivered");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("delivered", body.GetProperty("status").GetString());
        AssertMatches(body, Spec.ResponseSchema(MessagePath, "get", "200"));
    }

    [Fact]
    public async Task FetchMessage_FailedWithErrorCode_MatchesSchema()
    {
        var (_, created) = await CreateAsync(TestNumbers.Scenario("3034"));
        var path = $"/2010-04-01/Accounts/{SimulatorFixture.AccountSid}/Messages/{created.GetProperty("sid").GetString()}.json";

        var (_, body) = await Eventually.UntilAsync(() => SendAsync(HttpMethod.Get, path),
            r => r.Item2.GetProperty("status").GetString() == "failed", $"{path} failed");

        Assert.Equal(30034, body.GetProperty("error_code").GetInt32());
        AssertMatches(body, Spec.ResponseSchema(MessagePath, "get", "200"));
    }

    [Fact]
    public async Task ListMessages_200Body_MatchesSchema_WithNextPage()
    {
        var to = TestNumbers.Delivered();
        await CreateAsync(to);
        await CreateAsync(to);

        var (status, body) = await SendAsync(HttpMethod.Get,
            $"/2010-04-01/Accounts/{SimulatorFixture.AccountSid}/Messages.json?To={Uri.EscapeDataString(to)}&PageSize=1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("messages").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("next_page_uri").ValueKind);
        AssertMatches(body, Spec.ResponseSchema(MessagesPath, "get", "200"));
    }

    private static void AssertMatches(JsonElement body, JsonElement schema)
    {
        var errors = Spec.Validate(body, schema);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    private Task<(HttpStatusCode, JsonElement)> CreateAsync(string to) =>
        SendAsync(HttpMethod.Post, $"/2010-04-01/Accounts/{SimulatorFixture.AccountSid}/Messages.json", new Dictionary<string, string>
        {
            ["To"] = to,
            ["From"] = "+15005550006",
            ["Body"] = "Contract check",
            ["StatusCallback"] = fixture.StatusCallbackUrl.ToString(),
        });

    private async Task<(HttpStatusCode, JsonElement)> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimulatorFixture.AccountSid}:{SimulatorFixture.AuthToken}")));
        var response = await fixture.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
