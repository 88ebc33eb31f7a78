using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Economics;

/// <summary>
/// <c>Apps:&lt;app&gt;:DailySegmentLimit</c> through both api processes: 429 with Retry-After, batch items rejected,
/// an exact count under concurrent requests to two processes, and replays not counted twice. Each test has its own app.
/// </summary>
[Collection(EconomicsDefinition.Name)]
public sealed class DailySegmentBudgetTests(EconomicsProcesses stack)
{
    private static readonly string ThreeSegments = new('x', 400);
    private static readonly string TwoSegments = new('y', 200);

    [Fact]
    public async Task OverTheLimit_Is429ProblemWithRetryAfterToUtcMidnight_NamingTheLimit()
    {
        using var client = stack.ApiClient(EconomicsProcesses.KeyOf("budget-single"));

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(client, ThreeSegments)).StatusCode);
        var refused = await SendAsync(client, ThreeSegments);
        var secondsToMidnight = (DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow).TotalSeconds;

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, Math.Max(1, secondsToMidnight - 120), secondsToMidnight + 120);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Apps:budget-single:DailySegmentLimit = 5", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // What is left (2 of 5) still takes a 2-segment message; then nothing more.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(client, TwoSegments)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, "z")).StatusCode);
        Assert.Equal(5, await UsedAsync("budget-single"));
    }

    [Fact]
    public async Task Batch_OverTheLimit_RejectsOnlyTheItemsThatDoNotFit()
    {
        using var client = stack.ApiClient(EconomicsProcesses.KeyOf("budget-batch"));

        var response = await client.PostAsJsonAsync("/api/messages/batch", new
        {
            messages = new[] { Item("one"), Item(ThreeSegments), Item("over") },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["accepted", "accepted", "rejected"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("id").ValueKind);
        Assert.Contains("DailySegmentLimit", results[2].GetProperty("errors").GetProperty("messages[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(4, await UsedAsync("budget-batch"));

        var nothingLeft = await client.PostAsJsonAsync("/api/messages/batch", new { messages = new[] { Item("more") } });
        Assert.Equal(HttpStatusCode.TooManyRequests, nothingLeft.StatusCode);
        Assert.True(nothingLeft.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task ConcurrentRequests_ToTwoApiProcesses_NeverExceedTheLimit()
    {
        const string App = "budget-race";
        using var first = stack.ApiClient(EconomicsProcesses.KeyOf(App));
        using var second = stack.ApiClient(EconomicsProcesses.KeyOf(App), stack.SecondApi);

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => SendAsync(i % 2 == 0 ? first : second, $"race {i}")));

        var limit = EconomicsProcesses.Budgets[App];
        Assert.Equal(limit, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(60 - limit, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(limit, await UsedAsync(App));
        Assert.Equal(limit, await MessagesOfAsync(App));
    }

    [Fact]
    public async Task IdempotentReplay_IsNotCountedTwice()
    {
        const string App = "budget-replay";
        using var client = stack.ApiClient(EconomicsProcesses.KeyOf(App));
        var key = Guid.NewGuid().ToString("N");
        var to = TestNumbers.Delivered();

        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var response = await SendAsync(client, "same", key, to);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        Assert.Single(ids.Distinct());
        Assert.Equal(1, await UsedAsync(App));
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(client, "second")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(client, "third")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, "fourth")).StatusCode);
        // A replay of an accepted request is still answered as the first time, over the limit or not.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(client, "same", key, to)).StatusCode);
        Assert.Equal(3, await UsedAsync(App));
    }

    private static object Item(string body) => new { to = TestNumbers.Delivered(), body };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string body, string? idempotencyKey = null, string? to = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(new { to = to ?? TestNumbers.Delivered(), body }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The segments charged to <paramref name="app"/> today (UTC).</summary>
    private async Task<long> UsedAsync(string app)
    {
        await using var connection = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(segments), 0)::bigint FROM segment_budgets WHERE app_id = $1", connection);
        command.Parameters.Add(new() { Value = app });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> MessagesOfAsync(string app)
    {
        await using var connection = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(segments), 0)::bigint FROM messages WHERE app_id = $1", connection);
        command.Parameters.Add(new() { Value = app });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
