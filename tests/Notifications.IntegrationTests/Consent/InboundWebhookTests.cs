using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Consent;
using Notifications.Core.Privacy;
using Notifications.Core.Suppression;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Consent;

[Collection(ServicesDefinition.Name)]
public sealed class InboundWebhookTests : IAsyncLifetime
{
    private const string InboundPath = "/api/webhooks/twilio/inbound";
    private readonly ServicesFixture _services;
    private readonly ApiFactory _api;

    public InboundWebhookTests(ServicesFixture services)
    {
        _services = services;
        _api = new ApiFactory(services);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("  Stop!  ")]
    [InlineData("STOPALL")]
    [InlineData("UNSUBSCRIBE")]
    [InlineData("cancel")]
    [InlineData("END")]
    [InlineData("quit")]
    [InlineData("Revoke")]
    [InlineData("OPTOUT")]
    [InlineData("opt-out")]
    public async Task Inbound_OptOutKeyword_SuppressesAndRevokesEveryPurpose(string body)
    {
        var phone = TestNumbers.Delivered();
        await RecordOptInAsync(phone, ConsentPurpose.Transactional);
        await RecordOptInAsync(phone, ConsentPurpose.Marketing);

        var (response, sid) = await SendInboundAsync(phone, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var twiml = await response.Content.ReadAsStringAsync();
        Assert.Contains("unsubscribed", twiml, StringComparison.Ordinal);
        Assert.Contains("Reply START to resubscribe", twiml, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(twiml, "<Message>"));

        var state = await GetStateAsync(phone);
        Assert.True(state.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opt_out_keyword", state.GetProperty("suppression").GetProperty("reason").GetString());
        Assert.Equal(sid, state.GetProperty("suppression").GetProperty("sourceMessageSid").GetString());
        Assert.Equal("revoked", state.GetProperty("purposes").GetProperty("transactional").GetProperty("status").GetString());
        Assert.Equal("revoked", state.GetProperty("purposes").GetProperty("marketing").GetProperty("status").GetString());
        var revocations = state.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "revocation").ToList();
        Assert.Equal(2, revocations.Count);
        Assert.All(revocations, e =>
        {
            Assert.Equal(body, e.GetProperty("textReceived").GetString());
            Assert.Equal(sid, e.GetProperty("inboundMessageSid").GetString());
            Assert.Equal("keyword", e.GetProperty("source").GetString());
        });

        Assert.True(await RedisHasAsync(phone), "the suppression reached the Redis cache");
        Assert.True((await GateAsync(phone)).Suppressed);
    }

    [Theory]
    [InlineData("please stop texting me")]
    [InlineData("no más")]
    [InlineData("Remove me")]
    [InlineData("I want to opt out of these")]
    public async Task Inbound_PlainLanguageRevocation_Suppresses(string body)
    {
        var phone = TestNumbers.Delivered();
        await RecordOptInAsync(phone, ConsentPurpose.Transactional);

        var (response, _) = await SendInboundAsync(phone, body);

        Assert.Contains("unsubscribed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var state = await GetStateAsync(phone);
        Assert.True(state.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opt_out_wording", state.GetProperty("suppression").GetProperty("reason").GetString());
        Assert.Contains(state.GetProperty("events").EnumerateArray(), e => e.GetProperty("source").GetString() == "reply-wording");
    }

    [Fact]
    public async Task Inbound_StartAfterStop_LiftsSuppression_AndRecordsReOptInEvidence()
    {
        var phone = TestNumbers.Delivered();
        await RecordOptInAsync(phone, ConsentPurpose.Transactional);
        await SendInboundAsync(phone, "STOP");

        var (response, sid) = await SendInboundAsync(phone, "Start");

        var twiml = await response.Content.ReadAsStringAsync();
        Assert.Contains("Acme Alerts", twiml, StringComparison.Ordinal);
        Assert.Contains("Msg &amp; data rates may apply", twiml, StringComparison.Ordinal);
        Assert.Contains("HELP", twiml, StringComparison.Ordinal);
        Assert.Contains("STOP", twiml, StringComparison.Ordinal);
        Assert.Contains("Msg frequency varies", twiml, StringComparison.Ordinal);

        var state = await GetStateAsync(phone);
        Assert.False(state.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opted_in", state.GetProperty("purposes").GetProperty("transactional").GetProperty("status").GetString());
        var last = state.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("re_opt_in", last.GetProperty("kind").GetString());
        Assert.Equal("keyword", last.GetProperty("source").GetString());
        Assert.Equal("Start", last.GetProperty("textReceived").GetString());
        Assert.Equal(sid, last.GetProperty("inboundMessageSid").GetString());
        Assert.Contains("Msg & data rates may apply", last.GetProperty("optInMessage").GetString(), StringComparison.Ordinal);

        Assert.False(await RedisHasAsync(phone));
        var gate = await GateAsync(phone);
        Assert.False(gate.Suppressed);
        Assert.Equal(ConsentVerdict.Allowed, gate.Decide(ConsentPurpose.Transactional, overrideOptIn: false));
    }

    [Fact]
    public async Task Inbound_Help_AnswersCtiaHelp_AndChangesNothing()
    {
        var phone = TestNumbers.Delivered();
        await RecordOptInAsync(phone, ConsentPurpose.Transactional);

        var (response, _) = await SendInboundAsync(phone, "help");

        var twiml = await response.Content.ReadAsStringAsync();
        Assert.Contains("Acme Alerts", twiml, StringComparison.Ordinal);
        Assert.Contains("help@acme.example", twiml, StringComparison.Ordinal);
        Assert.Contains("Reply STOP to cancel", twiml, StringComparison.Ordinal);
        var state = await GetStateAsync(phone);
        Assert.False(state.GetProperty("suppressed").GetBoolean());
        Assert.Single(state.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task Inbound_OtherText_IsStored_AndAnsweredWithEmptyTwiml()
    {
        var phone = TestNumbers.Delivered();

        var (response, sid) = await SendInboundAsync(phone, "see you at 5");

        var twiml = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<Message>", twiml, StringComparison.Ordinal);
        Assert.Contains("<Response", twiml, StringComparison.Ordinal);
        await using var db = _services.CreateDbContext();
        var stored = await db.InboundMessages.SingleAsync(m => m.MessageSid == sid);
        Assert.Equal("other", stored.Classification);
        Assert.Equal("see you at 5", stored.Body);
    }

    [Fact]
    public async Task Inbound_DuplicateDelivery_IsProcessedOnce_AndAnsweredTheSame()
    {
        var phone = TestNumbers.Delivered();
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var token = Guid.NewGuid().ToString();

        var first = await SendInboundAsync(phone, "STOP", sid, token);
        var again = await SendInboundAsync(phone, "STOP", sid, token);
        var retried = await SendInboundAsync(phone, "STOP", sid, Guid.NewGuid().ToString());

        var firstReply = await first.Response.Content.ReadAsStringAsync();
        Assert.Equal(firstReply, await again.Response.Content.ReadAsStringAsync());
        Assert.Equal(firstReply, await retried.Response.Content.ReadAsStringAsync());
        await using var db = _services.CreateDbContext();
        Assert.Equal(1, await db.InboundMessages.CountAsync(m => m.MessageSid == sid));
        Assert.Equal(2, await db.ConsentEvents.CountAsync(e => e.Phone == phone && e.Kind == ConsentEventKind.Revocation));
    }

    [Fact]
    public async Task Inbound_ConcurrentDuplicates_AreProcessedOnce()
    {
        var phone = TestNumbers.Delivered();
        var sid = "SM" + Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendInboundAsync(phone, "STOP", sid)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        await using var db = _services.CreateDbContext();
        Assert.Equal(1, await db.InboundMessages.CountAsync(m => m.MessageSid == sid));
        Assert.Equal(2, await db.ConsentEvents.CountAsync(e => e.Phone == phone && e.Kind == ConsentEventKind.Revocation));
    }

    [Fact]
    public async Task Inbound_TamperedSignature_Is403_AndLeavesNoTrace()
    {
        var phone = TestNumbers.Delivered();
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var form = InboundForm(phone, "STOP", sid);
        var signature = TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.PublicBaseUrl + InboundPath, form);
        form["Body"] = "START"; // changed after signing

        var tampered = await _api.PostSignedAsync(InboundPath, form, signature: signature);
        var wrongKey = await _api.PostSignedAsync(InboundPath, InboundForm(phone, "STOP", sid),
            signature: TwilioSigner.Sign("not-the-token", ApiFactory.PublicBaseUrl + InboundPath, InboundForm(phone, "STOP", sid)));
        var wrongUrl = await _api.PostSignedAsync(InboundPath, InboundForm(phone, "STOP", sid),
            signature: TwilioSigner.Sign(ApiFactory.AuthToken, "https://elsewhere.example.com" + InboundPath, InboundForm(phone, "STOP", sid)));
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, InboundPath) { Content = new FormUrlEncodedContent(InboundForm(phone, "STOP", sid)) };
        var missing = await _api.CreateClient().SendAsync(unsigned);

        Assert.All([tampered, wrongKey, wrongUrl, missing], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("application/problem+json", tampered.Content.Headers.ContentType?.MediaType);
        await using var db = _services.CreateDbContext();
        Assert.False(await db.InboundMessages.AnyAsync(m => m.MessageSid == sid));
        Assert.False(await db.ConsentEvents.AnyAsync(e => e.Phone == phone));
        Assert.False(await db.Suppressions.AnyAsync(s => s.Phone == phone));
        Assert.False(await RedisHasAsync(phone));
    }

    [Fact]
    public async Task Suppression_WithRedisStopped_StillReadsAsSuppressed()
    {
        var phone = TestNumbers.Delivered();
        await RecordOptInAsync(phone, ConsentPurpose.Transactional);
        await SendInboundAsync(phone, "STOP");
        await WarmCacheAsync();

        await _services.StopRedisAsync();
        try
        {
            // The send path's check, as the worker runs it before every batch.
            var gate = await GateAsync(phone);
            Assert.True(gate.Suppressed);
            Assert.Equal(ConsentVerdict.Suppressed, gate.Decide(ConsentPurpose.Transactional, overrideOptIn: true));
        }
        finally
        {
            await _services.StartRedisAsync();
        }
    }

    [Fact]
    public async Task Suppression_WithColdCache_IsAnsweredByPostgres()
    {
        var phone = TestNumbers.Delivered();
        await SendInboundAsync(phone, "STOP");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_services.CacheConnectionString);
        await redis.GetDatabase().KeyDeleteAsync(["suppression:ready", "suppression:numbers"]);

        await using (var scope = _api.Services.CreateAsyncScope())
        {
            var lookup = await scope.ServiceProvider.GetRequiredService<SuppressionCache>().TryGetSuppressedAsync([phone], CancellationToken.None);
            Assert.NotNull(lookup);
            Assert.False(lookup.Complete);
            Assert.Empty(lookup.Suppressed);
        }

        var gate = await GateAsync(phone);

        Assert.True(gate.Suppressed);
        Assert.Equal(ConsentVerdict.Suppressed, gate.Decide(ConsentPurpose.Transactional, overrideOptIn: true));
    }

    [Fact]
    public async Task CacheRebuild_AddsEverySuppressedNumber_AndMarksTheCacheWarm()
    {
        var phone = TestNumbers.Delivered();
        await SendInboundAsync(phone, "STOP");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_services.CacheConnectionString);
        await redis.GetDatabase().KeyDeleteAsync(["suppression:ready", "suppression:numbers"]);

        await WarmCacheAsync();

        Assert.True(await RedisHasAsync(phone));
        Assert.True(await redis.GetDatabase().KeyExistsAsync("suppression:ready"));
        await using var scope = _api.Services.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<SuppressionCache>();
        var found = await cache.TryGetSuppressedAsync([phone, TestNumbers.Delivered()], CancellationToken.None);
        Assert.NotNull(found);
        Assert.True(found.Complete);
        Assert.Equal([phone], found.Suppressed);
    }

    [Fact]
    public async Task CacheRebuild_DropsRawNumberMembers_AndKeepsHashesPostgresDoesNotKnow()
    {
        var legacy = TestNumbers.Delivered();
        var unknown = TestNumbers.Delivered();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_services.CacheConnectionString);
        var protector = await _api.Services.GetRequiredService<NumberKeyStore>().GetAsync(CancellationToken.None);
        await redis.GetDatabase().SetAddAsync("suppression:numbers", [legacy, protector.Hash(unknown)]);

        await WarmCacheAsync();

        Assert.False(await redis.GetDatabase().SetContainsAsync("suppression:numbers", legacy));
        Assert.True(await redis.GetDatabase().SetContainsAsync("suppression:numbers", protector.Hash(unknown)));
        Assert.True((await GateAsync(unknown)).Suppressed);
    }

    private async Task WarmCacheAsync()
    {
        await using var scope = _api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SuppressionCacheRebuilder>().RebuildAsync(CancellationToken.None);
    }

    private async Task<NumberConsent> GateAsync(string phone)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ConsentGate>().LookupAsync([phone], CancellationToken.None))[phone];
    }

    private async Task<bool> RedisHasAsync(string phone)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_services.CacheConnectionString);
        var protector = await _api.Services.GetRequiredService<NumberKeyStore>().GetAsync(CancellationToken.None);
        Assert.False(await redis.GetDatabase().SetContainsAsync("suppression:numbers", phone), "the raw number is in Redis");
        return await redis.GetDatabase().SetContainsAsync("suppression:numbers", protector.Hash(phone));
    }

    private async Task RecordOptInAsync(string phone, string purpose)
    {
        using var client = _api.CreateAppClient();
        var response = await client.PostAsJsonAsync("/api/consents", new
        {
            phone,
            purpose,
            source = "web-form",
            sourceUrl = "https://shop.example.com/signup",
            optInMessage = "Yes, send me order updates by SMS. Consent is not a condition of purchase.",
            capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            ipAddress = "203.0.113.10",
            userAgent = "Mozilla/5.0",
        });
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> GetStateAsync(string phone)
    {
        using var client = _api.CreateAppClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}");
    }

    private async Task<(HttpResponseMessage Response, string Sid)> SendInboundAsync(string from, string body, string? sid = null, string? token = null)
    {
        sid ??= "SM" + Guid.NewGuid().ToString("N");
        var response = await _api.PostSignedAsync(InboundPath, InboundForm(from, body, sid), token);
        return (response, sid);
    }

    private static Dictionary<string, string> InboundForm(string from, string body, string sid) => new()
    {
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["ApiVersion"] = "2010-04-01",
        ["Body"] = body,
        ["From"] = from,
        ["MessageSid"] = sid,
        ["NumMedia"] = "0",
        ["SmsMessageSid"] = sid,
        ["SmsSid"] = sid,
        ["SmsStatus"] = "received",
        ["To"] = "+15005550006",
    };
}
